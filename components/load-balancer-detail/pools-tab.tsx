"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { pageItems } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { adminStateLabel, orDash } from "@/components/ui/format";
import { displayName, routes } from "./routes";

export function PoolsTab({ loadBalancerId }: { loadBalancerId: string }) {
  const trpc = useTRPC();
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const listeners = useQuery(trpc.listener.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const listenerName = (id: string) => {
    const l = listeners.data?.find((x) => x.id === id);
    return l ? displayName(l) : id.slice(0, 8);
  };
  return (
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
      ]}
    />
  );
}
