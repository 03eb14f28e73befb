"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type Listener, pageItems } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { DeleteListenerDialog } from "@/components/listener-detail/delete-listener-dialog";
import { EditListenerDialog } from "@/components/listener-detail/edit-listener-dialog";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { adminStateLabel, orDash } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { CreateLoadBalancerWizard } from "@/components/wizard/create-load-balancer-wizard";
import { displayName, routes } from "./routes";

type Dialog = { kind: "edit" | "delete"; listener: Listener } | { kind: "create" } | null;

export function ListenersTab({ loadBalancerId, vipSubnetId }: { loadBalancerId: string; vipSubnetId: string | null }) {
  const trpc = useTRPC();
  const listeners = useQuery(trpc.listener.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const pool = (id: string | null) => pools.data?.find((p) => p.id === id);

  return (
    <>
      {canWrite && (
        <div className="mb-2 flex justify-end">
          <CreateButton
            resource="listener"
            noun="Listeners"
            label="Create Listener"
            size="sm"
            disabled={!vipSubnetId || !listeners.data}
            onClick={() => setDialog({ kind: "create" })}
          />
        </div>
      )}
      <DataTable
        label="Listeners"
        rows={listeners.data}
        rowKey={(l) => l.id}
        isPending={listeners.isPending}
        error={listeners.error}
        emptyMessage="No listeners on this load balancer"
        columns={[
          {
            header: "Name",
            className: "whitespace-nowrap",
            cell: (l) => (
              <Link href={routes.listener(loadBalancerId, l.id)} className="font-medium">
                {displayName(l)}
              </Link>
            ),
          },
          { header: "Protocol", cell: (l) => l.protocol },
          { header: "Port", cell: (l) => l.protocol_port, className: "tabular-nums" },
          {
            header: "Default Pool",
            cell: (l) => {
              const p = pool(l.default_pool_id);
              if (!l.default_pool_id) return "-";
              return <Link href={routes.pool(loadBalancerId, l.default_pool_id)}>{p ? displayName(p) : l.default_pool_id.slice(0, 8)}</Link>;
            },
          },
          { header: "Connection Limit", cell: (l) => (l.connection_limit === -1 ? "Unlimited" : l.connection_limit) },
          { header: "Description", cell: (l) => orDash(l.description), className: "text-neutral-600" },
          { header: "Operating Status", cell: (l) => <StatusBadge status={l.operating_status} /> },
          { header: "Provisioning Status", cell: (l) => <StatusBadge status={l.provisioning_status} /> },
          { header: "Admin State", cell: (l) => adminStateLabel(l.admin_state_up) },
          ...(canWrite
            ? [
                {
                  header: "Actions",
                  className: "w-1 text-right",
                  cell: (l: Listener) => (
                    <RowActions
                      name={displayName(l)}
                      actions={[
                        { label: "Edit Listener", onSelect: () => setDialog({ kind: "edit", listener: l }) },
                        { label: "Delete Listener", danger: true, onSelect: () => setDialog({ kind: "delete", listener: l }) },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === "create" && vipSubnetId && (
        <CreateLoadBalancerWizard
          mode={{
            kind: "listener",
            loadbalancer: { id: loadBalancerId, vip_subnet_id: vipSubnetId },
            usedPorts: (listeners.data ?? []).map((l) => ({ protocol: l.protocol, protocol_port: l.protocol_port })),
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "edit" && <EditListenerDialog listener={dialog.listener} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && <DeleteListenerDialog listener={dialog.listener} onClose={() => setDialog(null)} />}
    </>
  );
}
