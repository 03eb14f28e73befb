"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormModal } from "@/components/ui/form-modal";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { useForm } from "@/components/ui/use-form";
import { type Project, useRefreshIdentity } from "./identity-data";
import { limitLabel, QUOTA_FIELDS, quotaErrors, quotaKey, type QuotaLimits, quotaTexts, type QuotaTexts, quotaUpdate } from "./quota-form";

const TITLE = "Modify Quotas";
const FIELDS = QUOTA_FIELDS.map(({ resource }) => quotaKey(resource));
type ProjectRef = Pick<Project, "id" | "name">;

/** Horizon's "Modify Quotas" for one project: each limit, -1 for unlimited. Loads what it edits. */
export function EditQuotasDialog({ project, onClose }: { project: ProjectRef; onClose: () => void }) {
  const trpc = useTRPC();
  const quota = useQuery(trpc.quota.get.queryOptions({ project_id: project.id }));
  const defaults = useQuery(trpc.quota.getDefaults.queryOptions());
  if (quota.data && defaults.data) return <QuotaForm project={project} current={quota.data} defaults={defaults.data} onClose={onClose} />;
  return (
    <Modal title={TITLE} open onClose={onClose} footer={<Button onClick={onClose}>Cancel</Button>}>
      <FormAlert
        messages={[
          quota.error && `Unable to read the quotas: ${messageOf(quota.error)}`,
          defaults.error && `Unable to read the default quotas: ${messageOf(defaults.error)}`,
        ]}
      />
      {!quota.error && !defaults.error && <p className="text-sm text-muted">Loading…</p>}
    </Modal>
  );
}

function QuotaForm({ project, current, defaults, onClose }: { project: ProjectRef; current: QuotaLimits; defaults: QuotaLimits; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const validate = useCallback((texts: QuotaTexts) => quotaErrors(project.id, current, texts), [project.id, current]);
  const form = useForm<QuotaTexts>(() => quotaTexts(current), validate);
  const update = useMutation(trpc.quota.update.mutationOptions());
  const submit = () => {
    if (!form.trySubmit()) return;
    const input = quotaUpdate(project.id, current, form.values);
    if (Object.keys(input.quota).length === 0) {
      toast.info(`No quota of project ${project.name} was changed`);
      onClose();
      return;
    }
    update.mutate(input, {
      onSuccess: () => {
        toast.success(`Updated the quotas of project ${project.name}`);
        void refresh();
        onClose();
      },
      onError: form.fail,
    });
  };
  return (
    <FormModal title={TITLE} submitLabel="Save" pending={update.isPending} alerts={form.topErrors(FIELDS)} onSubmit={submit} onClose={onClose}>
      <p className="mb-3 text-sm text-muted">
        Limits of project <strong>{project.name}</strong>. -1 means unlimited. Only the limits you change are saved.
      </p>
      <fieldset disabled={update.isPending} className="grid min-w-0 grid-cols-2 gap-3">
        {QUOTA_FIELDS.map(({ resource, label }) => (
          <TextField
            key={resource}
            label={label}
            required
            inputMode="numeric"
            value={form.values[quotaKey(resource)]}
            onChange={(e) => form.set(quotaKey(resource), e.target.value)}
            error={form.errorOf(quotaKey(resource))}
            hint={`Default: ${limitLabel(defaults[resource])}`}
          />
        ))}
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
