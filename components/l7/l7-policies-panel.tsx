"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type Listener, pageItems } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { displayName, routes } from "@/components/load-balancer-detail/routes";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { adminStateLabel } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { useWriteErrorReporter } from "@/components/ui/write-errors";
import { HTTP_LISTENER_PROTOCOLS, type ListenerProtocol } from "@/server/services/schemas/enums";
import { l7PolicyRoute } from "./l7-routes";
import { PolicyDialog } from "./policy-dialog";
import { byPosition, movedPosition, policyTarget } from "./policy-form";
import type { L7Policy } from "./types";

type Dialog = { kind: "create" } | { kind: "edit" | "delete"; policy: L7Policy } | null;

/** The listener page's "L7 Policies": its policies in the order they are tried, and the ways to change them. */
export function L7PoliciesPanel({ listener }: { listener: Listener }) {
  if (!HTTP_LISTENER_PROTOCOLS.includes(listener.protocol as ListenerProtocol)) {
    return (
      <Panel title="L7 Policies">
        <p className="text-sm text-muted">
          L7 policies route HTTP requests by host, path, header or cookie. A {listener.protocol} listener forwards connections without reading
          requests, so it has none: only HTTP and TERMINATED_HTTPS listeners take L7 policies.
        </p>
      </Panel>
    );
  }
  return <PoliciesTable listener={listener} />;
}

function PoliciesTable({ listener }: { listener: Listener }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const report = useWriteErrorReporter();
  const canWrite = useCanWrite();
  const lbId = listener.loadbalancer_id;
  const policies = useQuery(trpc.l7Policy.list.queryOptions({ listener_id: listener.id }, { select: (page) => byPosition(pageItems(page)) }));
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: lbId }, { select: pageItems }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const move = useMutation(trpc.l7Policy.update.mutationOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.l7Policy.list.queryKey() });
  const count = policies.data?.length ?? 0;
  const poolName = (id: string) => {
    const pool = pools.data?.find((p) => p.id === id);
    return pool ? displayName(pool) : id.slice(0, 8);
  };

  const moveTo = (p: L7Policy, position: number) =>
    move.mutate(
      { id: p.id, position },
      {
        onSuccess: () => {
          toast.success(`Moved L7 policy ${displayName(p)} to position ${position}`);
          refresh();
        },
        onError: (err) => report(err),
      },
    );
  const moveAction = (p: L7Policy, by: -1 | 1) => {
    const to = movedPosition(p.position, count, by);
    return {
      label: by < 0 ? "Move Up" : "Move Down",
      hidden: to === null,
      disabled: move.isPending,
      onSelect: () => to !== null && moveTo(p, to),
    };
  };

  return (
    <Panel
      title="L7 Policies"
      actions={<CreateButton resource="l7policy" noun="L7 policies" label="Create L7 Policy" size="sm" onClick={() => setDialog({ kind: "create" })} />}
    >
      <DataTable
        label="L7 Policies"
        rows={policies.data}
        rowKey={(p) => p.id}
        isPending={policies.isPending}
        error={policies.error}
        emptyMessage="No L7 policies: every request goes to the default pool"
        columns={[
          { header: "Position", cell: (p) => p.position, className: "tabular-nums" },
          {
            header: "Name",
            cell: (p) => (
              <Link href={l7PolicyRoute(lbId, listener.id, p.id)} className="font-medium">
                {displayName(p)}
              </Link>
            ),
          },
          { header: "Action", cell: (p) => p.action },
          {
            header: "Target",
            cell: (p) =>
              p.action === "REDIRECT_TO_POOL" && p.redirect_pool_id ? (
                <Link href={routes.pool(lbId, p.redirect_pool_id)}>{poolName(p.redirect_pool_id)}</Link>
              ) : (
                <span className="font-mono text-xs break-all">{policyTarget(p, poolName)}</span>
              ),
          },
          { header: "Rules", cell: (p) => p.rules.length, className: "tabular-nums" },
          { header: "Operating Status", cell: (p) => <StatusBadge status={p.operating_status} /> },
          { header: "Provisioning Status", cell: (p) => <StatusBadge status={p.provisioning_status} /> },
          { header: "Admin State", cell: (p) => adminStateLabel(p.admin_state_up) },
          ...(canWrite
            ? [
                {
                  header: "Actions",
                  className: "w-1 text-right",
                  cell: (p: L7Policy) => (
                    <RowActions
                      name={displayName(p)}
                      actions={[
                        { label: "Edit L7 Policy", onSelect: () => setDialog({ kind: "edit", policy: p }) },
                        moveAction(p, -1),
                        moveAction(p, 1),
                        { label: "Delete L7 Policy", danger: true, onSelect: () => setDialog({ kind: "delete", policy: p }) },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === "create" && <PolicyDialog listener={listener} onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <PolicyDialog listener={listener} policy={dialog.policy} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <DeleteResourceDialog
          kind="L7 Policy"
          name={displayName(dialog.policy)}
          note={dialog.policy.rules.length ? `Its ${dialog.policy.rules.length} rule(s) are deleted with it.` : undefined}
          run={() => client.l7Policy.delete.mutate({ id: dialog.policy.id })}
          onDeleted={refresh}
          onClose={() => setDialog(null)}
        />
      )}
    </Panel>
  );
}
