"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type FloatingIp, pageItems } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, messageOf } from "@/components/ui/trpc-errors";
import { useWriteErrorReporter } from "@/components/ui/write-errors";
import { choiceValue, floatingIpChoices, parseChoice, portChoices } from "./floating-ip-choices";
import { useRefreshFloatingIps } from "./use-refresh-floating-ips";

/** What is being associated: a port (a load balancer's VIP, an instance) or a floating IP. */
export type AssociateTarget = { kind: "port"; portId: string; name: string } | { kind: "floatingIp"; floatingIp: FloatingIp };

/**
 * Horizon's "Associate Floating IP". From a port: one select of free addresses and external
 * networks (a new address is allocated, then associated). From an address: the ports that have
 * none. Mount it only while open: each opening starts clean.
 */
export function AssociateFloatingIpDialog({ target, onClose }: { target: AssociateTarget; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const report = useWriteErrorReporter();
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const networks = useQuery({ ...trpc.network.list.queryOptions(), enabled: target.kind === "port" });
  const loadBalancers = useQuery({ ...trpc.loadBalancer.list.queryOptions(undefined, { select: pageItems }), enabled: target.kind === "floatingIp" });
  const instances = useQuery({ ...trpc.instance.list.queryOptions(), enabled: target.kind === "floatingIp" });
  const allocate = useMutation(trpc.floatingIp.allocate.mutationOptions());
  const associate = useMutation(trpc.floatingIp.associate.mutationOptions());
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [tried, setTried] = useState(false);

  const sources = target.kind === "port" ? [floatingIps, networks] : [floatingIps, loadBalancers, instances];
  const loading = sources.some((q) => q.isPending);
  const loadError = sources.find((q) => q.error)?.error;
  const choices =
    target.kind === "port"
      ? floatingIpChoices(floatingIps.data ?? [], networks.data ?? [])
      : portChoices(loadBalancers.data ?? [], instances.data ?? [], floatingIps.data ?? []);
  const value = picked ?? choices.preselected;
  const hasChoices = choices.groups.some((g) => g.options.length > 0);
  const busy = allocate.isPending || associate.isPending;
  const required = tried && !value ? "Choose one" : undefined;

  const refresh = useRefreshFloatingIps();

  const fail = (err: unknown, prefix = "") => {
    setFieldError(Object.values(fieldErrorsOf(err))[0]?.[0]);
    report(err, (m) => setError(`${prefix}${m}`));
  };

  const associateTo = (floatingIpId: string, portId: string, success: string, failurePrefix = "") =>
    associate.mutate(
      { id: floatingIpId, port_id: portId },
      {
        onSuccess: () => {
          void refresh();
          void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
          toast.success(success);
          onClose();
        },
        onError: (err) => fail(err, failurePrefix),
      },
    );

  const submit = () => {
    setTried(true);
    setError(null);
    setFieldError(undefined);
    if (target.kind === "floatingIp") {
      if (value) associateTo(target.floatingIp.id, value, `Associated floating IP ${target.floatingIp.floating_ip_address}`);
      return;
    }
    const choice = parseChoice(value);
    if (!choice) return;
    if (choice.kind === "existing") {
      const address = floatingIps.data?.find((f) => f.id === choice.floatingIpId)?.floating_ip_address ?? "";
      associateTo(choice.floatingIpId, target.portId, `Associated floating IP ${address} with ${target.name}`);
      return;
    }
    allocate.mutate(
      { floating_network_id: choice.networkId },
      {
        onSuccess: (fip) => {
          // The new address now exists: a retry after a failed association reuses it.
          setPicked(choiceValue({ kind: "existing", floatingIpId: fip.id }));
          void refresh();
          associateTo(
            fip.id,
            target.portId,
            `Allocated floating IP ${fip.floating_ip_address} and associated it with ${target.name}`,
            `Allocated ${fip.floating_ip_address}, but could not associate it: `,
          );
        },
        onError: (err) => fail(err, "Unable to allocate a floating IP: "),
      },
    );
  };

  const title = "Associate Floating IP";
  return (
    <Modal
      title={title}
      open
      onClose={() => !busy && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" pending={busy} disabled={loading || !hasChoices} onClick={submit}>
            Associate
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="space-y-3"
      >
        <FormAlert messages={[error, loadError ? `Unable to load the choices: ${messageOf(loadError)}` : null]} />
        {target.kind === "port" ? (
          <p className="text-sm text-muted">
            Select the floating IP to associate with <strong className="text-neutral-800">{target.name}</strong>, or a pool to
            allocate a new one from.
          </p>
        ) : (
          <p className="text-sm text-muted">
            Select the port to associate floating IP{" "}
            <strong className="font-mono text-neutral-800">{target.floatingIp.floating_ip_address}</strong> with.
          </p>
        )}
        <fieldset disabled={busy} className="min-w-0">
          <SelectField
            label={target.kind === "port" ? "Floating IP address or pool" : "Port to be associated"}
            required
            value={value}
            onChange={(e) => {
              setPicked(e.target.value);
              setFieldError(undefined);
            }}
            options={[{ value: "", label: loading ? "Loading…" : hasChoices ? "Select one" : "Nothing available", disabled: true }]}
            groups={choices.groups}
            error={fieldError ?? required}
          />
        </fieldset>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
