"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { EditQuotasDialog } from "./edit-quotas-dialog";
import { type Project, useRefreshIdentity } from "./identity-data";
import { limitLabel, QUOTA_FIELDS, type QuotaField } from "./quota-form";

interface QuotaRow {
  resource: QuotaField;
  label: string;
  limit: number;
  used: number;
  default: number;
}

const COLUMNS: Column<QuotaRow>[] = [
  { header: "Resource", cell: (r) => r.label },
  { header: "Limit", cell: (r) => <span data-testid="limit">{limitLabel(r.limit)}</span>, className: "tabular-nums" },
  { header: "Used", cell: (r) => <span data-testid="used">{r.used}</span>, className: "tabular-nums" },
  { header: "Default", cell: (r) => limitLabel(r.default), className: "tabular-nums text-muted" },
];

/** A project's quotas beside their usage (quota.usage), with Modify Quotas and Reset to Defaults. */
export function QuotaPanel({ project }: { project: Pick<Project, "id" | "name"> }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.quota.usage.queryOptions({ project_id: project.id }));
  const defaults = useQuery(trpc.quota.getDefaults.queryOptions());
  const [dialog, setDialog] = useState<"edit" | "reset" | null>(null);
  const rows =
    usage.data &&
    defaults.data &&
    QUOTA_FIELDS.map(({ resource, label }) => ({ resource, label, ...usage.data[resource], default: defaults.data[resource] }));
  return (
    <Panel
      title="Quotas"
      actions={
        <>
          <Button size="sm" onClick={() => setDialog("edit")} aria-haspopup="dialog">
            Modify Quotas
          </Button>
          <Button size="sm" onClick={() => setDialog("reset")} aria-haspopup="dialog">
            Reset to Defaults
          </Button>
        </>
      }
    >
      <DataTable
        label="Quotas"
        columns={COLUMNS}
        rows={rows || undefined}
        rowKey={(r) => r.resource}
        isPending={usage.isPending || defaults.isPending}
        error={usage.error ?? defaults.error}
        emptyMessage="No quotas"
      />
      {dialog === "edit" && <EditQuotasDialog project={project} onClose={() => setDialog(null)} />}
      {dialog === "reset" && <ResetQuotasDialog project={project} onClose={() => setDialog(null)} />}
    </Panel>
  );
}

function ResetQuotasDialog({ project, onClose }: { project: Pick<Project, "id" | "name">; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const reset = useMutation(trpc.quota.reset.mutationOptions());
  return (
    <ConfirmDialog
      title="Confirm Reset Quotas"
      open
      confirmLabel="Reset to Defaults"
      pending={reset.isPending}
      error={reset.error ? messageOf(reset.error) : null}
      message={
        <p>
          Put every quota of project <strong>{project.name}</strong> back to the default? Resources already over a limit are kept; new ones are refused.
        </p>
      }
      onCancel={() => !reset.isPending && onClose()}
      onConfirm={() =>
        reset.mutate(
          { project_id: project.id },
          {
            onSuccess: () => {
              toast.success(`Reset the quotas of project ${project.name} to the defaults`);
              void refresh();
              onClose();
            },
          },
        )
      }
    />
  );
}
