"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DetailList } from "@/components/ui/detail-list";
import { formatBytes } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Sparkline } from "@/components/ui/sparkline";
import { messageOf } from "@/components/ui/trpc-errors";

type Counters = { bytes_in: number; bytes_out: number; active_connections: number; total_connections: number; request_errors: number };
type Point = { connections_per_second: number; bytes_per_second: number; active_connections: number };

const ZERO: Counters = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };

/**
 * Counters move with traffic, not with status events, so they are read again on a timer while
 * the page is visible (TanStack Query pauses intervals in a hidden tab). Each read is live: the
 * stored totals plus what the running amphora counted since.
 */
const COUNTERS_REFRESH_MS = 5_000;
/** The history's buckets are 10 s wide: reading it more often shows nothing new. */
const HISTORY_REFRESH_MS = 10_000;

export function counterItems(s: Counters) {
  return [
    { label: "Bytes In", value: <span title={`${s.bytes_in} bytes`}>{formatBytes(s.bytes_in)}</span> },
    { label: "Bytes Out", value: <span title={`${s.bytes_out} bytes`}>{formatBytes(s.bytes_out)}</span> },
    { label: "Active Connections", value: s.active_connections },
    { label: "Total Connections", value: s.total_connections },
    { label: "Request Errors", value: s.request_errors },
  ];
}

const perSecond = (n: number) => `${n.toLocaleString("en-US", { maximumFractionDigits: 1 })}/s`;

function TrafficHistory({ points }: { points: Point[] }) {
  const last = points.at(-1) ?? { connections_per_second: 0, bytes_per_second: 0, active_connections: 0 };
  return (
    <div className="mt-4 space-y-2 border-t border-line pt-3" aria-label="Traffic, last five minutes">
      <p className="text-xs font-medium uppercase tracking-wide text-muted">Last five minutes</p>
      <Sparkline label="Connections per second" values={points.map((p) => p.connections_per_second)} current={perSecond(last.connections_per_second)} />
      <Sparkline label="Bytes per second" values={points.map((p) => p.bytes_per_second)} current={`${formatBytes(Math.round(last.bytes_per_second))}/s`} />
      <Sparkline label="Active connections" values={points.map((p) => p.active_connections)} current={String(last.active_connections)} />
    </div>
  );
}

/** Octavia's statistics for a load balancer, or for one of its listeners, with their recent history. */
export function StatisticsPanel({ loadBalancerId, listenerId }: { loadBalancerId: string; listenerId?: string }) {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.loadBalancer.stats.queryOptions({ id: loadBalancerId }), refetchInterval: COUNTERS_REFRESH_MS });
  const history = useQuery({ ...trpc.loadBalancer.statsHistory.queryOptions({ id: loadBalancerId }), refetchInterval: HISTORY_REFRESH_MS });
  const counters = stats.data ? (listenerId ? stats.data.listeners[listenerId] : stats.data.stats) : undefined;
  const points = history.data ? (listenerId ? history.data.listeners[listenerId] : history.data.loadbalancer) : undefined;
  return (
    <Panel
      title="Statistics"
      actions={
        <Button
          size="sm"
          pending={stats.isFetching && !stats.isRefetching}
          onClick={() => {
            void stats.refetch();
            void history.refetch();
          }}
        >
          Refresh
        </Button>
      }
    >
      {stats.error && !stats.data ? (
        <p role="alert" className="text-sm text-red-700">
          Unable to retrieve statistics: {messageOf(stats.error)}
        </p>
      ) : !stats.data ? (
        <p className="text-sm text-muted">Loading statistics…</p>
      ) : (
        <>
          <DetailList label="Statistics" items={counterItems(counters ?? ZERO)} />
          <TrafficHistory points={points ?? []} />
        </>
      )}
    </Panel>
  );
}
