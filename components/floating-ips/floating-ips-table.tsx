"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { orDash } from "@/components/ui/format";
import type { AppRouter } from "@/server/trpc/router";

type FloatingIpRow = inferRouterOutputs<AppRouter>["floatingIp"]["list"][number];

function columns(poolName: (networkId: string) => string): Column<FloatingIpRow>[] {
  return [
    { header: "IP Address", cell: (f) => <span className="font-mono text-xs">{f.floating_ip_address}</span> },
    { header: "Mapped Fixed IP Address", cell: (f) => <span className="font-mono text-xs">{orDash(f.fixed_ip_address)}</span> },
    { header: "Pool", cell: (f) => poolName(f.floating_network_id) },
    { header: "Status", cell: (f) => <StatusBadge status={f.status} /> },
  ];
}

export function FloatingIpsTable() {
  const trpc = useTRPC();
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  // The pool column names the external network; until networks load it shows the id.
  const networks = useQuery(trpc.network.list.queryOptions());
  const poolName = (networkId: string) => networks.data?.find((n) => n.id === networkId)?.name ?? networkId;
  return (
    <DataTable
      label="Floating IPs"
      columns={columns(poolName)}
      rows={floatingIps.data}
      rowKey={(f) => f.id}
      isPending={floatingIps.isPending}
      error={floatingIps.error}
      emptyMessage="No floating IPs allocated"
    />
  );
}
