"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Member } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, TextField } from "@/components/ui/field";
import { schemaErrors } from "@/components/ui/form-errors";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { memberUpdateInput } from "@/server/services/schemas/member";
import { MEMBER_FORM_FIELDS, type MemberFormValues, memberFormValues, memberUpdateFromForm } from "./member-form";

export const memberLabel = (m: Pick<Member, "name" | "address" | "protocol_port">) => m.name || `${m.address}:${m.protocol_port}`;

/** "Edit Member": weight, admin state, backup, name, monitor address and port. */
export function EditMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const validate = useCallback((v: MemberFormValues) => schemaErrors(memberUpdateInput, memberUpdateFromForm(member.id, v)), [member.id]);
  const form = useForm<MemberFormValues>(() => memberFormValues(member), validate);
  const update = useMutation(trpc.member.update.mutationOptions());
  const { values, set, errorOf } = form;

  const submit = () => {
    if (!form.trySubmit()) return;
    update.mutate(memberUpdateFromForm(member.id, values), {
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.member.get.queryKey({ id: updated.id }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ pool_id: member.pool_id }) });
        toast.success(`Updated member ${memberLabel(updated)}`);
        onClose();
      },
      onError: form.fail,
    });
  };

  return (
    <FormModal
      title="Edit Member"
      pending={update.isPending}
      alerts={form.topErrors(MEMBER_FORM_FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={update.isPending} className="grid min-w-0 grid-cols-2 gap-x-4 gap-y-3">
        <TextField label="IP Address" value={member.address} disabled readOnly hint="Cannot be changed" />
        <TextField label="Port" value={String(member.protocol_port)} disabled readOnly hint="Cannot be changed" />
        <TextField label="Name" value={values.name} onChange={(e) => set("name", e.target.value)} error={errorOf("name")} />
        <TextField
          label="Weight"
          inputMode="numeric"
          required
          value={values.weight}
          onChange={(e) => set("weight", e.target.value)}
          error={errorOf("weight")}
          hint="0 to 256; 0 drains the member"
        />
        <TextField
          label="Monitor Address"
          value={values.monitor_address}
          onChange={(e) => set("monitor_address", e.target.value)}
          error={errorOf("monitor_address")}
          hint="Empty to check the member's own address"
        />
        <TextField
          label="Monitor Port"
          inputMode="numeric"
          value={values.monitor_port}
          onChange={(e) => set("monitor_port", e.target.value)}
          error={errorOf("monitor_port")}
          hint="Empty to check the member's own port"
        />
        <CheckboxField label="Admin State Up" checked={values.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
        <CheckboxField label="Backup" checked={values.backup} onChange={(e) => set("backup", e.target.checked)} />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
