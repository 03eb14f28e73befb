"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { pageItems, type Pool } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { DeletePoolDialog } from "@/components/pool-detail/delete-pool-dialog";
import { PoolDialog } from "@/components/pool-detail/pool-dialog";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { adminStateLabel, orDash } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { displayName, routes } from "./routes";

type Dialog = { kind: "create" } | { kind: "edit" | "delete"; pool: Pool } | null;

/** The load balancer's pools, with Create Pool (optionally for a listener), and Edit and Delete per pool. */
export function PoolsTab({ loadBalancerId }: { loadBalancerId: string }) {
  const trpc = useTRPC();
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const listeners = useQuery(trpc.listener.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const listenerName = (id: string) => {
    const l = listeners.data?.find((x) => x.id === id);
    return l ? displayName(l) : id.slice(0, 8);
  };
  return (
    <>
      {canWrite && (
        <div className="mb-2 flex justify-end">
          <CreateButton resource="pool" noun="Pools" label="Create Pool" size="sm" disabled={!listeners.data} onClick={() => setDialog({ kind: "create" })} />
        </div>
      )}
      <DataTable
        label="Pools"
        rows={pools.data}
        rowKey={(p) => p.id}
        isPending={pools.isPending}
        error={pools.error}
        emptyMessage="No pools on this load balancer"
        columns={[
          {
            header: "Name",
            className: "whitespace-nowrap",
            cell: (p) => (
              <Link href={routes.pool(loadBalancerId, p.id)} className="font-medium">
                {displayName(p)}
              </Link>
            ),
          },
          { header: "Protocol", cell: (p) => p.protocol },
          { header: "Algorithm", cell: (p) => p.lb_algorithm },
          { header: "Session Persistence", cell: (p) => orDash(p.session_persistence?.type) },
          {
            header: "Listeners",
            cell: (p) =>
              p.listeners.length === 0
                ? "-"
                : p.listeners.map((l, i) => (
                    <span key={l.id}>
                      {i > 0 && ", "}
                      <Link href={routes.listener(loadBalancerId, l.id)}>{listenerName(l.id)}</Link>
                    </span>
                  )),
          },
          { header: "Members", cell: (p) => p.members.length, className: "tabular-nums" },
          { header: "Health Monitor", cell: (p) => (p.healthmonitor_id ? "Yes" : "No") },
          { header: "Operating Status", cell: (p) => <StatusBadge status={p.operating_status} /> },
          { header: "Provisioning Status", cell: (p) => <StatusBadge status={p.provisioning_status} /> },
          { header: "Admin State", cell: (p) => adminStateLabel(p.admin_state_up) },
          ...(canWrite
            ? [
                {
                  header: "Actions",
                  className: "w-1 text-right",
                  cell: (p: Pool) => (
                    <RowActions
                      name={displayName(p)}
                      actions={[
                        { label: "Edit Pool", onSelect: () => setDialog({ kind: "edit", pool: p }) },
                        { label: "Delete Pool", danger: true, onSelect: () => setDialog({ kind: "delete", pool: p }) },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === "create" && listeners.data && (
        <PoolDialog loadBalancerId={loadBalancerId} listeners={listeners.data} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "edit" && <PoolDialog loadBalancerId={loadBalancerId} pool={dialog.pool} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && <DeletePoolDialog pool={dialog.pool} onClose={() => setDialog(null)} />}
    </>
  );
}
