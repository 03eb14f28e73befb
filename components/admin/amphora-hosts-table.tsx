"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
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

/**
 * A host of another machine joins with a one-time token: made here, shown once, inside the
 * command to run on that machine.
 */
function AddHostDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [zone, setZone] = useState("");
  const make = useMutation(trpc.amphoraHost.createJoinToken.mutationOptions());
  const controller = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <Modal
      title="Add Host"
      open
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{make.data ? "Done" : "Cancel"}</Button>
          {!make.data && (
            <Button variant="primary" pending={make.isPending} onClick={() => make.mutate({ availability_zone: zone.trim() || null })}>
              Make Join Token
            </Button>
          )}
        </>
      }
    >
      {make.data ? (
        <div className="space-y-2 text-sm">
          <p>On the new host, as root, in a copy of this product, run (the token works once, until {formatTimestamp(make.data.expires_at)}):</p>
          <pre className="overflow-x-auto rounded-sm bg-neutral-100 p-2 font-mono text-xs select-all" data-testid="join-command">
            {`npm run agent -- --controller ${controller} --join ${make.data.token} --address <its address>`}
          </pre>
          <p>The controller reaches the agent there on TCP 9443; the agent sends heartbeats to the controller&apos;s HEARTBEAT_BIND:HEARTBEAT_PORT over UDP.</p>
        </div>
      ) : (
        <div className="space-y-3">
          <TextField label="Compute Zone" value={zone} onChange={(e) => setZone(e.target.value)} hint="Optional: the zone its amphorae serve (an availability zone profile's compute_zone)." />
          {make.error && <p className="text-sm text-red-700">{messageOf(make.error)}</p>}
        </div>
      )}
    </Modal>
  );
}

/** The hosts amphorae run on (the operator's view), each to disable or enable. */
export function AmphoraHostsTable() {
  const trpc = useTRPC();
  // Hosts change by themselves (heartbeats, a drain under way): the list follows them.
  const list = useQuery({ ...trpc.amphoraHost.list.queryOptions(), refetchInterval: 2_000 });
  const [dialog, setDialog] = useState<{ host: Host; kind: "enable" | "drain" } | null>(null);
  const [adding, setAdding] = useState(false);
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
      <div className="mb-2 flex justify-end">
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add Host
        </Button>
      </div>
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
      {adding && <AddHostDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
