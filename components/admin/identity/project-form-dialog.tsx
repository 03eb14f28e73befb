"use client";

import { useMutation } from "@tanstack/react-query";
import { useMe } from "@/components/auth/use-me";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { type Project, useRefreshIdentity } from "./identity-data";
import { projectErrors, projectInput, type ProjectValues } from "./identity-forms";

const FIELDS = ["name", "description", "enabled"] as const;

/** Horizon's "Create Project" and "Edit Project": name, description, enabled. */
export function ProjectFormDialog({ project, onClose }: { project?: Project; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const form = useForm<ProjectValues>({ name: project?.name ?? "", description: project?.description ?? "", enabled: project?.enabled ?? true }, projectErrors);
  const create = useMutation(trpc.identity.createProject.mutationOptions());
  const update = useMutation(trpc.identity.updateProject.mutationOptions());
  const pending = create.isPending || update.isPending;
  // The project the admin is working in stays enabled: disabling it would end this very session.
  const currentProject = useMe().data?.project.id;
  const isCurrent = project !== undefined && project.id === currentProject;
  const done = (verb: string) => (saved: Project) => {
    toast.success(`${verb} project ${saved.name}`);
    void refresh();
    onClose();
  };
  const submit = () => {
    if (!form.trySubmit()) return;
    const input = projectInput(form.values);
    if (project) update.mutate({ id: project.id, ...input }, { onSuccess: done("Updated"), onError: form.fail });
    else create.mutate(input, { onSuccess: done("Created"), onError: form.fail });
  };
  return (
    <FormModal
      title={project ? "Edit Project" : "Create Project"}
      submitLabel={project ? "Save" : "Create Project"}
      pending={pending}
      alerts={form.topErrors(FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={pending} className="min-w-0 space-y-3">
        <TextField label="Name" required value={form.values.name} onChange={(e) => form.set("name", e.target.value)} error={form.errorOf("name")} />
        <TextField
          label="Description"
          value={form.values.description}
          onChange={(e) => form.set("description", e.target.value)}
          error={form.errorOf("description")}
        />
        <CheckboxField label="Enabled" checked={form.values.enabled} disabled={isCurrent} onChange={(e) => form.set("enabled", e.target.checked)} />
        {isCurrent && <p className="text-xs text-muted">This is the project you are working in: switch to another project to disable it.</p>}
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
