"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { SelectField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { useForm } from "@/components/ui/use-form";
import { externalNetworkOptions, routerName } from "./router-choices";
import { routerCreateErrors, routerInput, type RouterCreateValues } from "./router-form";
import { useRefreshRouters } from "./use-refresh-routers";

const FIELDS = ["name", "external_gateway_info"] as const;

/** Horizon's "Create Router": a name and, optionally, the external network of its gateway. */
export function CreateRouterDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshRouters();
  const networks = useQuery(trpc.network.list.queryOptions());
  const create = useMutation(trpc.routers.create.mutationOptions());
  const form = useForm<RouterCreateValues>({ name: "", external_gateway_info: "" }, routerCreateErrors);

  const submit = () => {
    if (!form.trySubmit()) return;
    create.mutate(routerInput(form.values), {
      onSuccess: (router) => {
        void refresh();
        toast.success(`Created router ${routerName(router)}`);
        onClose();
      },
      onError: form.fail,
    });
  };

  return (
    <FormModal
      title="Create Router"
      submitLabel="Create Router"
      pending={create.isPending}
      alerts={[...form.topErrors(FIELDS), networks.error ? `Unable to load the external networks: ${messageOf(networks.error)}` : null]}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={create.isPending} className="min-w-0 space-y-3">
        <TextField label="Router Name" value={form.values.name} onChange={(e) => form.set("name", e.target.value)} error={form.errorOf("name")} />
        <SelectField
          label="External Network"
          hint="The router's gateway: source NAT for its subnets, and the network its floating IPs come from."
          value={form.values.external_gateway_info}
          onChange={(e) => form.set("external_gateway_info", e.target.value)}
          options={[{ value: "", label: networks.isPending ? "Loading…" : "No external network" }, ...externalNetworkOptions(networks.data ?? [])]}
          error={form.errorOf("external_gateway_info")}
        />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
