"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, DataTable } from "@/components/ui/data-table";
import { formatTimestamp, orDash } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import type { AppRouter } from "@/server/trpc/router";

type Host = inferRouterOutputs<AppRouter>["amphoraHost"]["list"][number];

const COLUMNS: Column<Host>[] = [
  { header: "Name", cell: (h) => h.name },
  { header: "Address", cell: (h) => <span className="font-mono text-xs">{h.address}</span> },
  { header: "State", cell: (h) => <StatusBadge status={h.state} /> },
  { header: "Availability Zone", cell: (h) => orDash(h.availability_zone) },
  { header: "Amphorae", cell: (h) => <span data-testid="host-amphorae">{`${h.amphorae} / ${h.capacity}`}</span>, className: "text-right tabular-nums" },
  { header: "Last Seen", cell: (h) => formatTimestamp(h.last_seen_at), className: "whitespace-nowrap text-xs text-neutral-600" },
];

function DrainDialog({ host, onClose }: { host: Host; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const drain = useMutation(
    trpc.amphoraHost.drain.mutationOptions({
      onSuccess: () => {
        toast.success(`Draining host ${host.name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.amphoraHost.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title="Confirm Drain Host"
      open
      danger
      confirmLabel="Drain Host"
      pending={drain.isPending}
      error={drain.error ? messageOf(drain.error) : null}
      message={
        <>
          Move the {host.amphorae} amphorae of host {host.name} to other hosts and place no new ones there? Each load balancer is failed
          over: without a standby, its traffic stops while its new amphora starts.
        </>
      }
      onConfirm={() => drain.mutate({ id: host.id })}
      onCancel={onClose}
    />
  );
}

function EnableDialog({ host, onClose }: { host: Host; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const enabling = !host.enabled;
  const update = useMutation(
    trpc.amphoraHost.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Host ${host.name} ${enabling ? "enabled" : "disabled"}`);
        void queryClient.invalidateQueries({ queryKey: trpc.amphoraHost.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={enabling ? "Confirm Enable Host" : "Confirm Disable Host"}
      open
      danger={!enabling}
      confirmLabel={enabling ? "Enable Host" : "Disable Host"}
      pending={update.isPending}
      error={update.error ? messageOf(update.error) : null}
      message={
        enabling ? (
          <>New amphorae may be placed on host {host.name} again.</>
        ) : (
          <>
            Place no new amphorae on host {host.name}? The {host.amphorae} it runs keep running.
          </>
        )
      }
      onConfirm={() => update.mutate({ id: host.id, enabled: enabling })}
      onCancel={onClose}
    />
  );
}

/** The hosts amphorae run on (the operator's view), each to disable or enable. */
export function AmphoraHostsTable() {
  const trpc = useTRPC();
  // Hosts change by themselves (heartbeats, a drain under way): the list follows them.
  const list = useQuery({ ...trpc.amphoraHost.list.queryOptions(), refetchInterval: 2_000 });
  const [dialog, setDialog] = useState<{ host: Host; kind: "enable" | "drain" } | null>(null);
  const actions = (host: Host) => (
    <RowActions
      name={host.name}
      actions={[
        { label: host.enabled ? "Disable Host" : "Enable Host", danger: host.enabled, onSelect: () => setDialog({ host, kind: "enable" }) },
        ...(host.amphorae > 0 && !host.draining ? [{ label: "Drain Host", danger: true, onSelect: () => setDialog({ host, kind: "drain" }) }] : []),
      ]}
    />
  );
  return (
    <div>
      <DataTable
        label="Amphora Hosts"
        columns={[...COLUMNS, { header: "Actions", cell: actions, className: "w-1 text-right" }]}
        rows={list.data}
        rowKey={(h) => h.id}
        isPending={list.isPending}
        error={list.error}
        emptyMessage="No amphora hosts"
      />
      {dialog?.kind === "enable" && <EnableDialog host={dialog.host} onClose={() => setDialog(null)} />}
      {dialog?.kind === "drain" && <DrainDialog host={dialog.host} onClose={() => setDialog(null)} />}
    </div>
  );
}
