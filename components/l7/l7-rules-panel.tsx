"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { pageItems } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { adminStateLabel, orDash, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { RowActions } from "@/components/ui/row-actions";
import { MAX_RULES_PER_POLICY } from "@/server/services/schemas/l7";
import { RuleDialog } from "./rule-dialog";
import type { L7Policy, L7Rule } from "./types";

type Dialog = { kind: "create" } | { kind: "edit" | "delete"; rule: L7Rule } | null;

/** A rule as one line: "PATH STARTS_WITH /api", "HEADER X-Env EQUAL_TO prod". */
const ruleLabel = (r: L7Rule) => [r.invert ? "NOT" : null, r.type, r.key, r.compare_type, r.value].filter(Boolean).join(" ");

/** The policy page's rules: a request matches the policy when all of its enabled rules match. */
export function L7RulesPanel({ policy }: { policy: L7Policy }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const rules = useQuery(trpc.l7Rule.list.queryOptions({ l7policy_id: policy.id }, { select: pageItems }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const full = (rules.data?.length ?? 0) >= MAX_RULES_PER_POLICY;
  return (
    <Panel
      title="L7 Rules"
      actions={
        <CreateButton
          resource="l7rule"
          noun="L7 rules"
          label={full ? `Create L7 Rule (at most ${MAX_RULES_PER_POLICY})` : "Create L7 Rule"}
          size="sm"
          disabled={full}
          onClick={() => setDialog({ kind: "create" })}
        />
      }
    >
      <DataTable
        label="L7 Rules"
        rows={rules.data}
        rowKey={(r) => r.id}
        isPending={rules.isPending}
        error={rules.error}
        emptyMessage="No rules: this policy matches no request"
        columns={[
          { header: "Type", cell: (r) => r.type },
          { header: "Compare Type", cell: (r) => r.compare_type },
          { header: "Key", cell: (r) => <span className="font-mono text-xs">{orDash(r.key)}</span> },
          { header: "Value", cell: (r) => <span className="font-mono text-xs break-all">{r.value}</span> },
          { header: "Invert", cell: (r) => yesNo(r.invert) },
          { header: "Operating Status", cell: (r) => <StatusBadge status={r.operating_status} /> },
          { header: "Provisioning Status", cell: (r) => <StatusBadge status={r.provisioning_status} /> },
          { header: "Admin State", cell: (r) => adminStateLabel(r.admin_state_up) },
          ...(canWrite
            ? [
                {
                  header: "Actions",
                  className: "w-1 text-right",
                  cell: (r: L7Rule) => (
                    <RowActions
                      name={ruleLabel(r)}
                      actions={[
                        { label: "Edit L7 Rule", onSelect: () => setDialog({ kind: "edit", rule: r }) },
                        { label: "Delete L7 Rule", danger: true, onSelect: () => setDialog({ kind: "delete", rule: r }) },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === "create" && <RuleDialog policy={policy} onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <RuleDialog policy={policy} rule={dialog.rule} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <DeleteResourceDialog
          kind="L7 Rule"
          name={ruleLabel(dialog.rule)}
          run={() => client.l7Rule.delete.mutate({ l7policy_id: policy.id, id: dialog.rule.id })}
          onDeleted={() => void queryClient.invalidateQueries({ queryKey: trpc.l7Rule.list.queryKey({ l7policy_id: policy.id }) })}
          onClose={() => setDialog(null)}
        />
      )}
    </Panel>
  );
}
