"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Pool } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { LIST_TRAIL, loadBalancerCrumb, ParentLoadBalancer, StatusPair } from "@/components/load-balancer-detail/load-balancer-summary";
import { GoneNotice, ResourceState, retryOnce } from "@/components/load-balancer-detail/resource-state";
import { displayName, routes } from "@/components/load-balancer-detail/routes";
import { useLoadBalancerLive } from "@/components/load-balancer-detail/use-load-balancer-live";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { useTRPC } from "@/components/providers/trpc";
import { useSecretLabel } from "@/components/secrets/secret-select";
import { poolTlsItems } from "@/components/secrets/tls-detail-items";
import { PageHeader } from "@/components/shell/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { DeletePoolDialog } from "./delete-pool-dialog";
import { HealthMonitorPanel } from "./health-monitor-panel";
import { MembersPanel } from "./members-panel";
import { PoolDialog } from "./pool-dialog";

function poolItems(p: Pool, lbId: string, secretName: (ref: string) => string) {
  const sp = p.session_persistence;
  return [
    { label: "Name", value: orDash(p.name) },
    { label: "Description", value: orDash(p.description) },
    { label: "ID", value: <Mono>{p.id}</Mono> },
    { label: "Project ID", value: <Mono>{p.project_id}</Mono> },
    { label: "Load Balancer ID", value: <Mono>{p.loadbalancer_id}</Mono> },
    {
      label: "Listeners",
      value: p.listeners.length
        ? p.listeners.map((l) => (
            <Link key={l.id} href={routes.listener(lbId, l.id)} className="mr-2 font-mono text-xs">
              {l.id}
            </Link>
          ))
        : "-",
    },
    { label: "Protocol", value: p.protocol },
    { label: "Algorithm", value: p.lb_algorithm },
    { label: "Session Persistence", value: sp ? `${sp.type}${sp.cookie_name ? ` (cookie ${sp.cookie_name})` : ""}` : "None" },
    ...poolTlsItems(p, secretName),
    { label: "Health Monitor ID", value: <Mono>{orDash(p.healthmonitor_id)}</Mono> },
    { label: "Members", value: p.members.length },
    { label: "Operating Status", value: <StatusBadge status={p.operating_status} /> },
    { label: "Provisioning Status", value: <StatusBadge status={p.provisioning_status} /> },
    { label: "Admin State Up", value: adminStateLabel(p.admin_state_up) },
    { label: "Tags", value: p.tags.length ? p.tags.join(", ") : "-" },
    { label: "Created At", value: formatTimestamp(p.created_at) },
    { label: "Updated At", value: formatTimestamp(p.updated_at) },
  ];
}

export function PoolDetail({ loadBalancerId, poolId }: { loadBalancerId: string; poolId: string }) {
  const trpc = useTRPC();
  const feed = useLoadBalancerLive(loadBalancerId);
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id: loadBalancerId }, { retry: retryOnce }));
  const pool = useQuery(trpc.pool.get.queryOptions({ id: poolId }, { retry: retryOnce }));
  const router = useRouter();
  const canWrite = useCanWrite();
  const secretName = useSecretLabel();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const p = pool.data;
  const name = p ? displayName(p) : poolId.slice(0, 8);
  return (
    <>
      <PageHeader
        title={p ? name : "Pool"}
        trail={[...LIST_TRAIL, loadBalancerCrumb(lb.data, loadBalancerId), { label: "Pools" }, { label: name }]}
        meta={
          p && (
            <>
              <StatusPair operating={p.operating_status} provisioning={p.provisioning_status} />
              <LiveIndicator status={feed.status} />
            </>
          )
        }
        actions={
          p &&
          canWrite && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")}>
                Edit Pool
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
                Delete Pool
              </Button>
            </>
          )
        }
      />
      <ParentLoadBalancer loadBalancerId={loadBalancerId} />
      <GoneNotice noun="pool" data={p} error={pool.error} />
      {!p ? (
        <ResourceState noun="pool" id={poolId} isPending={pool.isPending} error={pool.error} />
      ) : (
        <div className="space-y-4">
          <MembersPanel pool={p} loadBalancer={lb.data} />
          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title="Pool Details">
              <DetailList label="Pool details" items={poolItems(p, loadBalancerId, secretName)} />
            </Panel>
            <HealthMonitorPanel pool={p} />
          </div>
        </div>
      )}
      {p && dialog === "edit" && <PoolDialog loadBalancerId={loadBalancerId} pool={p} onClose={() => setDialog(null)} />}
      {p && dialog === "delete" && (
        <DeletePoolDialog pool={p} onDeleted={() => router.push(routes.loadBalancer(loadBalancerId))} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
