"use client";

import { useQuery } from "@tanstack/react-query";
import type { FloatingIp, Instance } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { formatTimestamp, orDash } from "@/components/ui/format";
import { InstancePowerButton } from "./instance-power-button";

/** The instance list's columns; Start/Stop only for a user who may change things. */
function columns(floatingIps: FloatingIp[] | undefined, canWrite: boolean): Column<Instance>[] {
  const shown: Column<Instance>[] = [
    { header: "Instance Name", cell: (i) => <span className="font-medium">{i.name}</span> },
    { header: "IP Address", cell: (i) => <span className="font-mono text-xs">{i.fixed_ip}</span> },
    {
      header: "Floating IP",
      cell: (i) => <span className="font-mono text-xs">{floatingIps ? orDash(floatingIpOfPort(floatingIps, i.port_id)?.floating_ip_address) : "…"}</span>,
    },
    { header: "Service Port", cell: (i) => i.service_port },
    { header: "Status", cell: (i) => <StatusBadge status={i.status} /> },
    { header: "Created", cell: (i) => formatTimestamp(i.created_at), className: "text-neutral-600" },
  ];
  return canWrite ? [...shown, { header: "Actions", cell: (i) => <InstancePowerButton instance={i} />, className: "w-1 text-right" }] : shown;
}

export function InstancesTable() {
  const trpc = useTRPC();
  const instances = useQuery(trpc.instance.list.queryOptions());
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const canWrite = useCanWrite();
  return (
    <DataTable
      label="Instances"
      columns={columns(floatingIps.data, canWrite)}
      rows={instances.data}
      rowKey={(i) => i.id}
      isPending={instances.isPending}
      error={instances.error}
      emptyMessage="No instances"
    />
  );
}
