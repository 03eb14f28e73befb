"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, DataTable } from "@/components/ui/data-table";
import { formatTimestamp, orDash } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import type { AppRouter } from "@/server/trpc/router";

type Amphora = inferRouterOutputs<AppRouter>["amphora"]["list"][number];

/** The admin's load balancer list searched for one load balancer (its detail page is the project's). */
export const adminLoadBalancerHref = (id: string) => `/admin/network/load-balancers?search=${encodeURIComponent(id)}`;

/** How often the list is read again while a failover is under way (a new process id comes). */
const FAILOVER_POLL_MS = 1_000;
/** How long after a failover is asked for the list keeps reading, whatever the rows say. */
const FAILOVER_WATCH_MS = 30_000;

const shortHash = (hash: string | null) => (hash ? hash.slice(0, 12) : "-");

const COLUMNS: Column<Amphora>[] = [
  { header: "ID", cell: (a) => <span className="font-mono text-xs">{a.id}</span> },
  {
    header: "Load Balancer",
    cell: (a) => (
      <Link href={adminLoadBalancerHref(a.loadbalancer_id)} className="font-mono text-xs">
        {a.loadbalancer_id}
      </Link>
    ),
  },
  { header: "Host", cell: (a) => <span title={a.lb_network_ip ?? undefined}>{orDash(a.host_name)}</span> },
  { header: "Role", cell: (a) => orDash(a.role) },
  { header: "Status", cell: (a) => <StatusBadge status={a.status} /> },
  { header: "Process ID", cell: (a) => <span data-testid="amphora-pid">{a.pid ?? "-"}</span>, className: "text-right tabular-nums" },
  {
    header: "Last Reload",
    cell: (a) => (
      <span title={a.last_reload_reason ?? undefined}>{formatTimestamp(a.last_reload_at)}</span>
    ),
    className: "whitespace-nowrap text-xs text-neutral-600",
  },
  {
    header: "Config Hash",
    cell: (a) => (
      <span title={a.config_hash ?? undefined} className="font-mono text-xs">
        {shortHash(a.config_hash)}
      </span>
    ),
  },
];

function ConfigDialog({ amphora, onClose }: { amphora: Amphora; onClose: () => void }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.amphora.config.queryOptions({ id: amphora.id }));
  return (
    <Modal title="Amphora Config" open onClose={onClose} size="xl">
      <p className="mb-2 text-xs text-muted">
        The HAProxy configuration amphora <span className="font-mono">{amphora.id}</span> runs.
      </p>
      {config.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : config.error ? (
        <p role="alert" className="text-sm text-red-700">
          Unable to read the config: {messageOf(config.error)}
        </p>
      ) : config.data.config === null ? (
        <p className="text-sm text-muted">No config rendered yet.</p>
      ) : (
        <pre data-testid="amphora-config" className="overflow-x-auto rounded-sm border border-line bg-neutral-50 p-2 font-mono text-xs">
          {config.data.config}
        </pre>
      )}
    </Modal>
  );
}

function FailoverDialog({ amphora, onClose, onStarted }: { amphora: Amphora; onClose: () => void; onStarted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const failover = useMutation(
    trpc.amphora.failover.mutationOptions({
      onSuccess: () => {
        toast.success(`Failover of amphora ${amphora.id} started`);
        onStarted();
        void queryClient.invalidateQueries({ queryKey: trpc.amphora.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title="Confirm Failover"
      open
      danger
      confirmLabel="Failover"
      pending={failover.isPending}
      error={failover.error ? messageOf(failover.error) : null}
      message={
        <>
          Replace the HAProxy of load balancer <span className="font-mono">{amphora.loadbalancer_id}</span> with a new one from its
          rendered config? The load balancer is PENDING_UPDATE until the new process runs.
        </>
      }
      onConfirm={() => failover.mutate({ id: amphora.id })}
      onCancel={onClose}
    />
  );
}

/** Every amphora (the operator's view), with its config to read and a failover to trigger. */
export function AmphoraeTable() {
  const trpc = useTRPC();
  const [watching, setWatching] = useState(false);
  const list = useQuery(
    trpc.amphora.list.queryOptions(undefined, {
      refetchInterval: (query) =>
        query.state.data?.some((a) => a.failover_requested) || watching ? FAILOVER_POLL_MS : false,
    }),
  );
  const watchFailover = () => {
    setWatching(true);
    setTimeout(() => setWatching(false), FAILOVER_WATCH_MS);
  };
  const [dialog, setDialog] = useState<{ kind: "config" | "failover"; amphora: Amphora } | null>(null);
  const actions = (amphora: Amphora) => (
    <RowActions
      name={amphora.id}
      actions={[
        { label: "View Config", onSelect: () => setDialog({ kind: "config", amphora }) },
        { label: "Failover", danger: true, onSelect: () => setDialog({ kind: "failover", amphora }) },
      ]}
    />
  );
  return (
    <div>
      <DataTable
        label="Amphorae"
        columns={[...COLUMNS, { header: "Actions", cell: actions, className: "w-1 text-right" }]}
        rows={list.data}
        rowKey={(a) => a.id}
        isPending={list.isPending}
        error={list.error}
        emptyMessage="No amphorae"
      />
      {dialog?.kind === "config" && <ConfigDialog amphora={dialog.amphora} onClose={() => setDialog(null)} />}
      {dialog?.kind === "failover" && (
        <FailoverDialog amphora={dialog.amphora} onClose={() => setDialog(null)} onStarted={watchFailover} />
      )}
    </div>
  );
}
