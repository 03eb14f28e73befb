"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { adminStateLabel, orDash } from "@/components/ui/format";
import type { LoadBalancerRow } from "./apply-status-event";
import { LiveIndicator } from "./live-indicator";
import { useLoadBalancerStatusFeed } from "./use-load-balancer-status-feed";

const COLUMNS: Column<LoadBalancerRow>[] = [
  { header: "Name", cell: (lb) => <span className="font-medium">{orDash(lb.name)}</span> },
  { header: "Description", cell: (lb) => orDash(lb.description), className: "text-neutral-600" },
  { header: "IP Address", cell: (lb) => <span className="font-mono text-xs">{orDash(lb.vip_address)}</span> },
  { header: "Operating Status", cell: (lb) => <StatusBadge status={lb.operating_status} /> },
  { header: "Provisioning Status", cell: (lb) => <StatusBadge status={lb.provisioning_status} /> },
  { header: "Admin State", cell: (lb) => adminStateLabel(lb.admin_state_up) },
];

export function LoadBalancersTable() {
  const trpc = useTRPC();
  const list = useQuery(trpc.loadBalancer.list.queryOptions());
  const feed = useLoadBalancerStatusFeed();
  return (
    <div>
      <div className="mb-2 flex justify-end">
        <LiveIndicator status={feed.status} />
      </div>
      <DataTable
        label="Load Balancers"
        columns={COLUMNS}
        rows={list.data}
        rowKey={(lb) => lb.id}
        isPending={list.isPending}
        error={list.error}
        emptyMessage="No load balancers yet"
      />
    </div>
  );
}
