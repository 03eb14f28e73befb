"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { FloatingIp } from "@/components/api-types";
import { AssociateFloatingIpDialog } from "@/components/floating-ips/associate-dialog";
import { DisassociateFloatingIpDialog } from "@/components/floating-ips/disassociate-dialog";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { RowActions } from "@/components/ui/row-actions";
import type { LoadBalancerRow } from "./apply-status-event";
import { DeleteLoadBalancersDialog, type DeleteTarget } from "./delete-load-balancers-dialog";
import { EditLoadBalancerDialog } from "./edit-load-balancer-dialog";
import { filterByName, pruneSelection } from "./filter-load-balancers";
import { LiveIndicator } from "./live-indicator";
import { loadBalancerColumns } from "./load-balancer-columns";
import { useLoadBalancerStatusFeed } from "./use-load-balancer-status-feed";

type Dialog =
  | { kind: "edit"; lb: LoadBalancerRow }
  | { kind: "associate"; lb: LoadBalancerRow }
  | { kind: "disassociate"; lb: LoadBalancerRow; floatingIp: FloatingIp }
  | { kind: "delete"; targets: DeleteTarget[] };

const displayName = (lb: LoadBalancerRow) => lb.name || lb.id;
const deleteTarget = (lb: LoadBalancerRow): DeleteTarget => ({
  id: lb.id,
  name: displayName(lb),
  childCount: lb.listeners.length + lb.pools.length,
});

export function LoadBalancersTable() {
  const trpc = useTRPC();
  const list = useQuery(trpc.loadBalancer.list.queryOptions());
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const feed = useLoadBalancerStatusFeed();
  const [search, setSearch] = useState("");
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const rows = filterByName(list.data, search);
  // Rows that left (deleted) or are filtered out are not part of a batch action.
  const selected = pruneSelection(selection, rows?.map((lb) => lb.id) ?? []);
  const selectedRows = rows?.filter((lb) => selected.has(lb.id)) ?? [];

  const actions = (lb: LoadBalancerRow) => {
    const floatingIp = floatingIpOfPort(floatingIps.data, lb.vip_port_id);
    return (
      <RowActions
        name={displayName(lb)}
        actions={[
          { label: "Edit Load Balancer", onSelect: () => setDialog({ kind: "edit", lb }) },
          {
            label: "Associate Floating IP",
            hidden: Boolean(floatingIp) || !lb.vip_port_id,
            disabled: !floatingIps.data,
            onSelect: () => setDialog({ kind: "associate", lb }),
          },
          {
            label: "Disassociate Floating IP",
            hidden: !floatingIp,
            onSelect: () => floatingIp && setDialog({ kind: "disassociate", lb, floatingIp }),
          },
          { label: "Delete Load Balancer", danger: true, onSelect: () => setDialog({ kind: "delete", targets: [deleteTarget(lb)] }) },
        ]}
      />
    );
  };

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <input
          type="search"
          aria-label="Filter load balancers by name"
          placeholder="Filter by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-64 rounded-sm border border-line bg-white px-2 py-1 text-sm focus:outline-2 focus:outline-sky-600"
        />
        <div className="flex items-center gap-3">
          <LiveIndicator status={feed.status} />
          <Button
            variant="danger"
            disabled={selectedRows.length === 0}
            onClick={() => setDialog({ kind: "delete", targets: selectedRows.map(deleteTarget) })}
          >
            Delete Load Balancers{selectedRows.length > 0 ? ` (${selectedRows.length})` : ""}
          </Button>
        </div>
      </div>
      <DataTable
        label="Load Balancers"
        columns={loadBalancerColumns(floatingIps.data, actions)}
        rows={rows}
        rowKey={(lb) => lb.id}
        isPending={list.isPending}
        error={list.error}
        emptyMessage={search.trim() && list.data?.length ? `No load balancer name contains "${search.trim()}"` : "No load balancers yet"}
        selection={{ selected, onChange: setSelection, rowLabel: displayName }}
      />
      {dialog?.kind === "edit" && <EditLoadBalancerDialog loadBalancer={dialog.lb} onClose={() => setDialog(null)} />}
      {dialog?.kind === "associate" && dialog.lb.vip_port_id && (
        <AssociateFloatingIpDialog
          target={{ kind: "port", portId: dialog.lb.vip_port_id, name: `load balancer ${displayName(dialog.lb)}` }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "disassociate" && (
        <DisassociateFloatingIpDialog
          floatingIp={dialog.floatingIp}
          from={`load balancer ${displayName(dialog.lb)}`}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteLoadBalancersDialog
          targets={dialog.targets}
          onClose={() => setDialog(null)}
          onDeleted={(ids) => setSelection((s) => new Set([...s].filter((id) => !ids.includes(id))))}
        />
      )}
    </div>
  );
}
