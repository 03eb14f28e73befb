"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FloatingIp } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { useMe } from "@/components/auth/use-me";
import { AssociateFloatingIpDialog } from "@/components/floating-ips/associate-dialog";
import { DisassociateFloatingIpDialog } from "@/components/floating-ips/disassociate-dialog";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { RowActions } from "@/components/ui/row-actions";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { LoadBalancerRow } from "./apply-status-event";
import { DeleteLoadBalancersDialog, type DeleteTarget, deleteTargetOf } from "./delete-load-balancers-dialog";
import { EditLoadBalancerDialog } from "./edit-load-balancer-dialog";
import { DEFAULT_SORT, listInput, type ListSort, nextSort, type PageCursor, type SortableKey } from "./list-query";
import { LiveIndicator } from "./live-indicator";
import { loadBalancerActions } from "./load-balancer-actions";
import { loadBalancerColumns } from "./load-balancer-columns";
import { pruneSelection } from "./prune-selection";
import { useLoadBalancerStatusFeed } from "./use-load-balancer-status-feed";

type Dialog =
  | { kind: "edit"; lb: LoadBalancerRow }
  | { kind: "associate"; lb: LoadBalancerRow }
  | { kind: "disassociate"; lb: LoadBalancerRow; floatingIp: FloatingIp }
  | { kind: "delete"; targets: DeleteTarget[] };

const displayName = (lb: LoadBalancerRow) => lb.name || lb.id;

/** How long typing pauses before the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The project's load balancers, a page of 20 at a time like Horizon: the server pages (markers),
 * sorts (a click on a column header) and searches (the box, once typing pauses), so the page
 * costs the same with 500 load balancers as with 5. The status stream keeps the rows live.
 */
export function LoadBalancersTable({ allProjects = false, initialSearch = "" }: { allProjects?: boolean; initialSearch?: string } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [searchText, setSearchText] = useState(initialSearch);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<ListSort>(DEFAULT_SORT);
  // A cursor belongs to the search and sort it was taken under: when either changes, the list
  // starts again from its first page without an extra render.
  const scope = `${sort.key}:${sort.dir}\n${search}`;
  const [paging, setPaging] = useState<(PageCursor & { scope: string }) | null>(null);
  const cursor = paging?.scope === scope ? paging : null;
  const input = listInput({ search, sort, cursor: cursor && { marker: cursor.marker, reverse: cursor.reverse } }, allProjects);
  // The rows shown stay until the next page, sort or search arrives (no flash of "Loading…").
  const list = useQuery(trpc.loadBalancer.list.queryOptions(input, { placeholderData: keepPreviousData }));
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const feed = useLoadBalancerStatusFeed();
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // A reader is offered no changes: no row actions, no selection for the batch delete.
  const canWrite = useCanWrite();
  // Every project's list (admins): the changes are offered on the project in scope's rows only,
  // the ones the API lets this session change; no batch delete across projects.
  const inScope = (lb: LoadBalancerRow) => !allProjects || lb.project_id === me?.project.id;
  const projectNames = new Map((me?.projects ?? []).map((p) => [p.id, p.name]));
  const batch = canWrite && !allProjects;

  const page = list.isPlaceholderData ? undefined : list.data;
  // Every row of a later page went (deleted): start again from the first page.
  if (page && page.items.length === 0 && cursor) setPaging(null);
  const goTo = (marker: string | null | undefined, reverse: boolean) => (marker ? () => setPaging({ scope, marker, reverse }) : undefined);

  const rows = list.data?.items;
  // Rows that left (deleted, or on another page) are not part of a batch action.
  const selected = pruneSelection(selection, rows?.map((lb) => lb.id) ?? []);
  const selectedRows = rows?.filter((lb) => selected.has(lb.id)) ?? [];

  const actions = (lb: LoadBalancerRow) => {
    if (!inScope(lb)) return null;
    const floatingIp = floatingIpOfPort(floatingIps.data, lb.vip_port_id);
    const allowed = loadBalancerActions(lb.provisioning_status, false);
    return (
      <RowActions
        name={displayName(lb)}
        compact
        actions={[
          { label: "Edit Load Balancer", disabled: !allowed.change, disabledReason: allowed.note, onSelect: () => setDialog({ kind: "edit", lb }) },
          {
            label: "Associate Floating IP",
            hidden: Boolean(floatingIp) || !lb.vip_port_id,
            disabled: !floatingIps.data || !allowed.change,
            onSelect: () => setDialog({ kind: "associate", lb }),
          },
          {
            label: "Disassociate Floating IP",
            hidden: !floatingIp,
            disabled: !allowed.change,
            onSelect: () => floatingIp && setDialog({ kind: "disassociate", lb, floatingIp }),
          },
          {
            label: "Delete Load Balancer",
            danger: true,
            disabled: !allowed.delete,
            disabledReason: allowed.note,
            onSelect: () => setDialog({ kind: "delete", targets: [deleteTargetOf(lb)] }),
          },
        ]}
      />
    );
  };

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <input
          type="search"
          aria-label="Search load balancers"
          placeholder="Name, IP address, floating IP, status or ID"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          className="w-80 rounded-sm border border-line bg-white px-2 py-1 text-sm focus:outline-2 focus:outline-sky-600"
        />
        <div className="flex items-center gap-3">
          <LiveIndicator status={feed.status} />
          {batch && (
            <Button
              variant="danger"
              disabled={selectedRows.length === 0}
              onClick={() => setDialog({ kind: "delete", targets: selectedRows.map(deleteTargetOf) })}
            >
              Delete Load Balancers{selectedRows.length > 0 ? ` (${selectedRows.length})` : ""}
            </Button>
          )}
        </div>
      </div>
      <DataTable
        label="Load Balancers"
        columns={loadBalancerColumns(
          floatingIps.data,
          canWrite ? actions : undefined,
          allProjects ? { projectName: (lb) => projectNames.get(lb.project_id) ?? lb.project_id, linkable: inScope } : undefined,
        )}
        rows={rows}
        rowKey={(lb) => lb.id}
        isPending={list.isPending}
        isStale={list.isPlaceholderData}
        error={list.error}
        emptyMessage={search ? `No load balancer matches "${search}"` : "No load balancers yet"}
        selection={batch ? { selected, onChange: setSelection, rowLabel: displayName } : undefined}
        sort={{ ...sort, onSort: (key) => setSort((current) => nextSort(current, key as SortableKey)) }}
        pager={{ onPrevious: goTo(page?.previous_marker, true), onNext: goTo(page?.next_marker, false) }}
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
          onDeleted={(ids) => {
            setSelection((s) => new Set([...s].filter((id) => !ids.includes(id))));
            // The Create button's quota check counts them no more.
            void queryClient.invalidateQueries({ queryKey: trpc.quota.usage.queryKey() });
          }}
        />
      )}
    </div>
  );
}
