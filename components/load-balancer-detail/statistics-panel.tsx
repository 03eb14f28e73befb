"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DetailList } from "@/components/ui/detail-list";
import { formatBytes } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { messageOf } from "@/components/ui/trpc-errors";

type Counters = { bytes_in: number; bytes_out: number; active_connections: number; total_connections: number; request_errors: number };

export function counterItems(s: Counters) {
  return [
    { label: "Bytes In", value: <span title={`${s.bytes_in} bytes`}>{formatBytes(s.bytes_in)}</span> },
    { label: "Bytes Out", value: <span title={`${s.bytes_out} bytes`}>{formatBytes(s.bytes_out)}</span> },
    { label: "Active Connections", value: s.active_connections },
    { label: "Total Connections", value: s.total_connections },
    { label: "Request Errors", value: s.request_errors },
  ];
}

/**
 * Octavia's statistics, read from the amphora. Counters move with traffic, not with status
 * events, so they are read when the load balancer changes and on Refresh, never on a timer.
 */
export function StatisticsPanel({ loadBalancerId, listenerId }: { loadBalancerId: string; listenerId?: string }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.loadBalancer.stats.queryOptions({ id: loadBalancerId }));
  const counters = stats.data ? (listenerId ? stats.data.listeners[listenerId] : stats.data.stats) : undefined;
  return (
    <Panel
      title="Statistics"
      actions={
        <Button size="sm" pending={stats.isFetching} onClick={() => void stats.refetch()}>
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
        <DetailList
          label="Statistics"
          items={counterItems(counters ?? { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 })}
        />
      )}
    </Panel>
  );
}
