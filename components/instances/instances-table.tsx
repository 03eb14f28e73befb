"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { formatTimestamp } from "@/components/ui/format";
import type { AppRouter } from "@/server/trpc/router";

type InstanceRow = inferRouterOutputs<AppRouter>["instance"]["list"][number];

const COLUMNS: Column<InstanceRow>[] = [
  { header: "Instance Name", cell: (i) => <span className="font-medium">{i.name}</span> },
  { header: "IP Address", cell: (i) => <span className="font-mono text-xs">{i.fixed_ip}</span> },
  { header: "Service Port", cell: (i) => i.service_port },
  { header: "Status", cell: (i) => <StatusBadge status={i.status} /> },
  { header: "Created", cell: (i) => formatTimestamp(i.created_at), className: "text-neutral-600" },
];

export function InstancesTable() {
  const trpc = useTRPC();
  const instances = useQuery(trpc.instance.list.queryOptions());
  return (
    <DataTable
      label="Instances"
      columns={COLUMNS}
      rows={instances.data}
      rowKey={(i) => i.id}
      isPending={instances.isPending}
      error={instances.error}
      emptyMessage="No instances"
    />
  );
}
