"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { useForm } from "@/components/ui/use-form";
import { useRefreshIdentity } from "./identity-data";
import { ROLE_OPTIONS, userErrors, userInput, type UserValues } from "./identity-forms";
import { PasswordFields } from "./password-fields";

const FIELDS = ["name", "password", "confirm", "enabled", "project_id", "role"] as const;

/** Horizon's "Create User": name, password twice, enabled, and optionally a first project and role. */
export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const projects = useQuery(trpc.identity.listProjects.queryOptions());
  const form = useForm<UserValues>({ name: "", password: "", confirm: "", enabled: true, project_id: "", role: "" }, userErrors);
  const create = useMutation(trpc.identity.createUser.mutationOptions());
  const submit = () => {
    if (!form.trySubmit()) return;
    const input = userInput(form.values);
    create.mutate(input, {
      onSuccess: (user) => {
        const project = projects.data?.find((p) => p.id === input.project_id);
        toast.success(`Created user ${user.name}${project && input.role ? ` with role ${input.role} on project ${project.name}` : ""}`);
        void refresh();
        onClose();
      },
      onError: form.fail,
    });
  };
  return (
    <FormModal
      title="Create User"
      submitLabel="Create User"
      pending={create.isPending}
      alerts={[...form.topErrors(FIELDS), projects.error && `Unable to load the projects: ${messageOf(projects.error)}`]}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={create.isPending} className="min-w-0 space-y-3">
        <TextField label="User Name" required autoComplete="off" value={form.values.name} onChange={(e) => form.set("name", e.target.value)} error={form.errorOf("name")} />
        <PasswordFields form={form} />
        <SelectField
          label="Primary Project"
          value={form.values.project_id}
          onChange={(e) => form.set("project_id", e.target.value)}
          error={form.errorOf("project_id")}
          hint="Optional: a project to give the user a first role on."
          options={[{ value: "", label: "None" }, ...(projects.data ?? []).map((p) => ({ value: p.id, label: p.enabled ? p.name : `${p.name} (disabled)` }))]}
        />
        <SelectField
          label="Role"
          value={form.values.role}
          onChange={(e) => form.set("role", e.target.value as UserValues["role"])}
          error={form.errorOf("role")}
          options={[{ value: "", label: "None" }, ...ROLE_OPTIONS]}
        />
        <CheckboxField label="Enabled" checked={form.values.enabled} onChange={(e) => form.set("enabled", e.target.checked)} />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
