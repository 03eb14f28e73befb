"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { pageItems } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge, statusLabel } from "@/components/status-badge";
import { messageOf } from "@/components/ui/trpc-errors";
import { deletedTree } from "./apply-detail-event";
import { BOX, buildStatusTreeModel, KIND_LABEL, type TreeNode } from "./status-tree-model";
import { isPending } from "@/db/schema/statuses";

// Boxes coloured by operating status; a dashed border (and a spinner badge) while a change is
// being applied. The same tones as the status badges.
const FILL: Record<string, string> = {
  ONLINE: "border-green-400 bg-green-50",
  DEGRADED: "border-orange-400 bg-orange-50",
  ERROR: "border-red-400 bg-red-50",
  DRAINING: "border-amber-400 bg-amber-50",
  OFFLINE: "border-neutral-300 bg-neutral-100",
  NO_MONITOR: "border-sky-300 bg-sky-50",
};
const STROKE = "#a3a3a3";

/**
 * One node as a link. Its name is what it shows (title, operating status, detail, a provisioning
 * badge), with the kind before it and an unshown provisioning status after it for screen readers:
 * a name that did not contain the visible text would mislead speech input.
 */
function NodeBox({ node }: { node: TreeNode }) {
  const pending = isPending(node.provisioning_status);
  const badge = pending || node.provisioning_status === "ERROR" || node.provisioning_status === "DELETED";
  return (
    <Link
      href={node.href}
      data-testid="status-tree-node"
      data-kind={node.kind}
      data-id={node.id}
      data-operating-status={node.operating_status}
      data-provisioning-status={node.provisioning_status}
      title={`${node.kind} ${node.id}\noperating_status ${node.operating_status}\nprovisioning_status ${node.provisioning_status}`}
      style={{ left: node.x, top: node.y, width: BOX.width, height: BOX.height }}
      className={`absolute flex flex-col justify-center rounded-sm border-2 px-2 text-neutral-800 hover:no-underline hover:shadow ${FILL[node.operating_status] ?? FILL.OFFLINE} ${
        pending ? "border-dashed" : ""
      }`}
    >
      <span className="sr-only">{KIND_LABEL[node.kind]} </span>
      <span className="flex items-center justify-between gap-1">
        <span className="truncate text-xs font-semibold">{node.title}</span>
        <span className="shrink-0 text-[10px] font-medium uppercase tracking-wide text-neutral-600">{statusLabel(node.operating_status)}</span>
      </span>
      <span className="flex items-center justify-between gap-1">
        <span className="truncate font-mono text-[10px] text-neutral-600">{node.detail}</span>
        {badge && <StatusBadge status={node.provisioning_status} />}
      </span>
      {!badge && <span className="sr-only">, {statusLabel(node.provisioning_status)}</span>}
    </Link>
  );
}

/** The load balancer's status tree as a picture, live (the page's status stream patches it). */
export function StatusTreeView({ loadBalancerId, deleted = false }: { loadBalancerId: string; deleted?: boolean }) {
  const trpc = useTRPC();
  // Once the load balancer is gone the tree cannot be read again: the last copy, taken down with it.
  const tree = useQuery(trpc.loadBalancer.statusTree.queryOptions({ id: loadBalancerId }, { select: deleted ? deletedTree : undefined }));
  // The tree carries statuses only: protocols and ports come from the lists (the tabs share them).
  const listeners = useQuery(trpc.listener.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: loadBalancerId }, { select: pageItems }));
  if (!tree.data) {
    return tree.error ? (
      <p role="alert" className="text-sm text-red-700">
        Unable to retrieve the status tree: {messageOf(tree.error)}
      </p>
    ) : (
      <p className="text-sm text-muted">Loading status tree…</p>
    );
  }
  const details = new Map<string, string>([
    ...(listeners.data ?? []).map((l): [string, string] => [l.id, `${l.protocol}:${l.protocol_port}`]),
    ...(pools.data ?? []).map((p): [string, string] => [p.id, `${p.protocol} · ${p.lb_algorithm}`]),
  ]);
  const model = buildStatusTreeModel(tree.data, details);
  return (
    <figure aria-label="Status tree" data-testid="status-tree" className="overflow-x-auto">
      <div className="relative" style={{ width: model.width, height: model.height + 14 }}>
        <svg aria-hidden="true" width={model.width} height={model.height} className="absolute inset-0">
          {model.edges.map((e) => (
            <path key={e.key} d={e.d} fill="none" stroke={STROKE} strokeWidth={1.5} />
          ))}
        </svg>
        {model.nodes.map((node) => (
          <div key={node.key}>
            <NodeBox node={node} />
            {node.monitor && (
              <span
                data-testid="status-tree-monitor"
                data-operating-status={node.monitor.operating_status}
                style={{ left: node.x + 6, top: node.y + BOX.height + 1 }}
                className="absolute rounded-b-sm border border-t-0 border-neutral-300 bg-white px-1.5 text-[10px] leading-4 text-neutral-600"
              >
                Monitor {node.monitor.type} · {statusLabel(node.monitor.operating_status)}
              </span>
            )}
          </div>
        ))}
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-[11px] text-muted">
        {["ONLINE", "DEGRADED", "ERROR", "OFFLINE", "NO_MONITOR"].map((s) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm border-2 ${FILL[s]}`} />
            {statusLabel(s)}
          </span>
        ))}
        <span className="inline-flex items-center gap-1">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm border-2 border-dashed border-neutral-400" />
          Change being applied
        </span>
      </figcaption>
    </figure>
  );
}
