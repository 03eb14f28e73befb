"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge, statusTone } from "@/components/status-badge";
import { formatTimestamp } from "@/components/ui/format";
import { messageOf } from "@/components/ui/trpc-errors";
import { namesFromTree, resourceTypeLabel, timelineEntries, type TimelineEntry } from "./timeline-model";

const DOT: Record<string, string> = {
  ok: "bg-green-500",
  pending: "bg-amber-400",
  error: "bg-red-500",
  degraded: "bg-orange-500",
  neutral: "bg-neutral-400",
};

/** `past`: the resource has moved on since, so even a pending status here is over (no spinner). */
function Change({ label, change, past }: { label: string; change: { from: string | null; to: string }; past: boolean }) {
  if (change.from === change.to) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-muted">
      <span className="sr-only">{label}</span>
      {change.from && (
        <>
          <StatusBadge status={change.from} past />
          <span aria-label="to">→</span>
        </>
      )}
      <StatusBadge status={change.to} past={past} />
    </span>
  );
}

function Entry({ entry }: { entry: TimelineEntry }) {
  // The dot says the worst of where it went: an error shows red even while provisioning is fine.
  const tones = [statusTone(entry.operating.to), statusTone(entry.provisioning.to)];
  const tone = tones.includes("error") ? "error" : tones.includes("degraded") ? "degraded" : tones.includes("pending") ? "pending" : tones[0] ?? "neutral";
  return (
    <li data-testid="timeline-entry" data-resource-type={entry.resourceType} className="relative pb-2.5 pl-5">
      <span aria-hidden="true" className={`absolute top-1.5 left-[3px] size-2 rounded-full ring-2 ring-white ${DOT[tone]}`} />
      <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <time dateTime={entry.at} className="font-mono text-[11px] text-muted">
          {formatTimestamp(entry.at)}
        </time>
        <span className="text-sm">
          {resourceTypeLabel(entry.resourceType)} <strong className="font-medium">{entry.resourceName}</strong>
        </span>
        <Change label="Provisioning status" change={entry.provisioning} past={entry.superseded} />
        <Change label="Operating status" change={entry.operating} past={entry.superseded} />
      </div>
      {entry.reason && <p className="text-xs text-neutral-600">{entry.reason}</p>}
    </li>
  );
}

/** The load balancer's status history, newest first, growing live from the page's status stream. */
export function Timeline({ loadBalancerId }: { loadBalancerId: string }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.loadBalancer.events.queryOptions({ id: loadBalancerId }));
  const tree = useQuery(trpc.loadBalancer.statusTree.queryOptions({ id: loadBalancerId }));
  if (!events.data) {
    return events.error ? (
      <p role="alert" className="text-sm text-red-700">
        Unable to retrieve status events: {messageOf(events.error)}
      </p>
    ) : (
      <p className="text-sm text-muted">Loading status events…</p>
    );
  }
  const entries = timelineEntries(events.data, namesFromTree(tree.data));
  if (entries.length === 0) return <p className="text-sm text-muted">No status events yet.</p>;
  return (
    <ol aria-label="Status events" data-testid="timeline" className="relative before:absolute before:top-2 before:bottom-2 before:left-[6px] before:w-px before:bg-neutral-200">
      {entries.map((e) => (
        <Entry key={e.id} entry={e} />
      ))}
    </ol>
  );
}
