"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type FloatingIp, pageItems } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { routes } from "@/components/load-balancer-detail/routes";
import { CreateButton } from "@/components/forms/create-button";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { orDash } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { AllocateFloatingIpDialog } from "./allocate-dialog";
import { AssociateFloatingIpDialog } from "./associate-dialog";
import { DisassociateFloatingIpDialog } from "./disassociate-dialog";
import { type PortOwner, portOwners } from "./floating-ip-choices";
import { useRefreshFloatingIps } from "./use-refresh-floating-ips";

type Dialog = { kind: "allocate" } | { kind: "associate" | "disassociate" | "release"; floatingIp: FloatingIp } | null;

const ownerText = (owner: PortOwner | undefined, portId: string) =>
  owner ? `${owner.kind === "loadbalancer" ? "load balancer" : "instance"} ${owner.name}` : `port ${portId}`;

function AssociatedWith({ owner, portId }: { owner: PortOwner | undefined; portId: string | null }) {
  if (!portId) return <>-</>;
  if (!owner) return <span className="font-mono text-xs">{portId}</span>;
  return (
    <span>
      <span className="text-muted">{owner.kind === "loadbalancer" ? "Load balancer " : "Instance "}</span>
      {owner.kind === "loadbalancer" ? <Link href={routes.loadBalancer(owner.id)}>{owner.name}</Link> : owner.name}
    </span>
  );
}

export function FloatingIpsTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refresh = useRefreshFloatingIps();
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  // The pool column names the external network; until networks load it shows the id.
  const networks = useQuery(trpc.network.list.queryOptions());
  // Every load balancer, to name the owner of a VIP port (no limit: one page).
  const loadBalancers = useQuery(trpc.loadBalancer.list.queryOptions(undefined, { select: pageItems }));
  const instances = useQuery(trpc.instance.list.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const owners = portOwners(loadBalancers.data, instances.data);
  const poolName = (networkId: string) => networks.data?.find((n) => n.id === networkId)?.name ?? networkId;

  const columns: Column<FloatingIp>[] = [
    { header: "IP Address", cell: (f) => <span className="font-mono text-xs">{f.floating_ip_address}</span> },
    { header: "Mapped Fixed IP Address", cell: (f) => <span className="font-mono text-xs">{orDash(f.fixed_ip_address)}</span> },
    { header: "Associated With", cell: (f) => <AssociatedWith owner={f.port_id ? owners.get(f.port_id) : undefined} portId={f.port_id} /> },
    { header: "Pool", cell: (f) => poolName(f.floating_network_id) },
    { header: "Status", cell: (f) => <StatusBadge status={f.status} /> },
  ];
  if (canWrite) {
    columns.push({
      header: "Actions",
      className: "w-1 text-right",
      cell: (f) => (
        <RowActions
          name={f.floating_ip_address}
          actions={[
            { label: "Associate", hidden: Boolean(f.port_id), onSelect: () => setDialog({ kind: "associate", floatingIp: f }) },
            { label: "Disassociate", hidden: !f.port_id, onSelect: () => setDialog({ kind: "disassociate", floatingIp: f }) },
            { label: "Release Floating IP", danger: true, onSelect: () => setDialog({ kind: "release", floatingIp: f }) },
          ]}
        />
      ),
    });
  }

  return (
    <div>
      {canWrite && (
        <div className="mb-2 flex justify-end">
          <CreateButton resource="floatingip" noun="Floating IPs" label="Allocate IP To Project" onClick={() => setDialog({ kind: "allocate" })} />
        </div>
      )}
      <DataTable
        label="Floating IPs"
        columns={columns}
        rows={floatingIps.data}
        rowKey={(f) => f.id}
        isPending={floatingIps.isPending}
        error={floatingIps.error}
        emptyMessage="No floating IPs allocated"
      />
      {dialog?.kind === "allocate" && <AllocateFloatingIpDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "associate" && (
        <AssociateFloatingIpDialog target={{ kind: "floatingIp", floatingIp: dialog.floatingIp }} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "disassociate" && dialog.floatingIp.port_id && (
        <DisassociateFloatingIpDialog
          floatingIp={dialog.floatingIp}
          from={ownerText(owners.get(dialog.floatingIp.port_id), dialog.floatingIp.port_id)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "release" && (
        <DeleteResourceDialog
          kind="Floating IP"
          verb="Release"
          successText={`Released floating IP ${dialog.floatingIp.floating_ip_address}`}
          name={dialog.floatingIp.floating_ip_address}
          note={
            dialog.floatingIp.port_id
              ? `It is associated with ${ownerText(owners.get(dialog.floatingIp.port_id), dialog.floatingIp.port_id)}: releasing it disassociates it first.`
              : "The address goes back to its pool."
          }
          run={() => client.floatingIp.release.mutate({ id: dialog.floatingIp.id })}
          onDeleted={() => void refresh()}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
