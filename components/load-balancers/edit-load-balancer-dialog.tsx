"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { LoadBalancer } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, TextField } from "@/components/ui/field";
import { schemaErrors } from "@/components/ui/form-errors";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { loadBalancerUpdateInput } from "@/server/services/schemas/loadBalancer";

type LoadBalancerFields = Pick<LoadBalancer, "id" | "name" | "description" | "admin_state_up">;

interface Values extends Record<string, unknown> {
  name: string;
  description: string;
  admin_state_up: boolean;
}

const FIELDS = ["name", "description", "admin_state_up"] as const;

export const editLoadBalancerInput = (id: string, v: Values) => ({
  id,
  name: v.name.trim(),
  description: v.description.trim(),
  admin_state_up: v.admin_state_up,
});

/** "Edit Load Balancer": what Octavia lets change (name, description, admin state). */
export function EditLoadBalancerDialog({ loadBalancer, onClose }: { loadBalancer: LoadBalancerFields; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const validate = useCallback((v: Values) => schemaErrors(loadBalancerUpdateInput, editLoadBalancerInput(loadBalancer.id, v)), [loadBalancer.id]);
  const form = useForm<Values>(
    { name: loadBalancer.name, description: loadBalancer.description, admin_state_up: loadBalancer.admin_state_up },
    validate,
  );
  const update = useMutation(trpc.loadBalancer.update.mutationOptions());
  const submit = () => {
    if (!form.trySubmit()) return;
    update.mutate(editLoadBalancerInput(loadBalancer.id, form.values), {
      onSuccess: (lb) => {
        queryClient.setQueryData(trpc.loadBalancer.get.queryKey({ id: lb.id }), lb);
        void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
        toast.success(`Updated load balancer ${lb.name || lb.id}`);
        onClose();
      },
      onError: form.fail,
    });
  };
  return (
    <FormModal
      title="Edit Load Balancer"
      pending={update.isPending}
      alerts={form.topErrors(FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={update.isPending} className="min-w-0 space-y-3">
        <TextField label="Name" value={form.values.name} onChange={(e) => form.set("name", e.target.value)} error={form.errorOf("name")} />
        <TextField
          label="Description"
          value={form.values.description}
          onChange={(e) => form.set("description", e.target.value)}
          error={form.errorOf("description")}
        />
        <CheckboxField
          label="Admin State Up"
          checked={form.values.admin_state_up}
          onChange={(e) => form.set("admin_state_up", e.target.checked)}
        />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
