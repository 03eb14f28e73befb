"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Role } from "@/db/schema/roles";
import { useTRPC } from "@/components/providers/trpc";
import { SelectField } from "@/components/ui/field";
import type { FormErrors } from "@/components/ui/form-errors";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { useForm } from "@/components/ui/use-form";
import { type AssignmentScope, assignmentKey, describeAssignment, useRefreshIdentity } from "./identity-data";
import { ROLE_OPTIONS } from "./identity-forms";

interface Values extends Record<string, unknown> {
  user_id: string;
  project_id: string;
  role: Role;
}

const FIELDS = ["user_id", "project_id", "role"] as const;

/** "Grant Role": on a project's page the user is chosen, on a user's page the project. */
export function GrantRoleDialog({ scope, held, onClose }: { scope: AssignmentScope; held: ReadonlySet<string>; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const choosing = scope.kind === "project" ? "user_id" : "project_id";
  const users = useQuery(trpc.identity.listUsers.queryOptions(undefined, { enabled: choosing === "user_id" }));
  const projects = useQuery(trpc.identity.listProjects.queryOptions(undefined, { enabled: choosing === "project_id" }));
  const choices = choosing === "user_id" ? users : projects;
  const validate = useCallback(
    (v: Values): FormErrors => {
      if (!v[choosing]) return { [choosing]: choosing === "user_id" ? "Choose a user" : "Choose a project" };
      if (held.has(assignmentKey(v))) return { role: "The user already has this role on this project" };
      return {};
    },
    [choosing, held],
  );
  const form = useForm<Values>(
    { user_id: scope.kind === "user" ? scope.id : "", project_id: scope.kind === "project" ? scope.id : "", role: "member" },
    validate,
  );
  const grant = useMutation(trpc.identity.grantRole.mutationOptions());
  const chosenName = choices.data?.find((c) => c.id === form.values[choosing])?.name ?? form.values[choosing];
  const names = scope.kind === "project" ? { project_name: scope.name, user_name: chosenName } : { user_name: scope.name, project_name: chosenName };
  const submit = () => {
    if (!form.trySubmit()) return;
    grant.mutate(form.values, {
      onSuccess: () => {
        toast.success(`Granted ${describeAssignment({ role: form.values.role, ...names }, "to")}`);
        void refresh();
        onClose();
      },
      onError: form.fail,
    });
  };
  const what = choosing === "user_id" ? "user" : "project";
  return (
    <FormModal title="Grant Role" submitLabel="Grant Role" pending={grant.isPending} alerts={[...form.topErrors(FIELDS), choices.error && `Unable to load the ${what}s: ${messageOf(choices.error)}`]} onSubmit={submit} onClose={onClose}>
      <p className="mb-3 text-sm text-muted">
        {scope.kind === "project" ? `Give a user a role on project ${scope.name}.` : `Give user ${scope.name} a role on a project.`}
      </p>
      <fieldset disabled={grant.isPending} className="min-w-0 space-y-3">
        <SelectField
          label={choosing === "user_id" ? "User" : "Project"}
          required
          value={form.values[choosing]}
          onChange={(e) => form.set(choosing, e.target.value)}
          error={form.errorOf(choosing)}
          options={[
            { value: "", label: choices.isPending ? "Loading…" : `Select a ${what}`, disabled: true },
            ...(choices.data ?? []).map((c) => ({ value: c.id, label: c.enabled ? c.name : `${c.name} (disabled)` })),
          ]}
        />
        <SelectField
          label="Role"
          required
          value={form.values.role}
          onChange={(e) => form.set("role", e.target.value as Role)}
          error={form.errorOf("role")}
          options={ROLE_OPTIONS}
        />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
