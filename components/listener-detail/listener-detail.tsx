"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { L7PoliciesPanel } from "@/components/l7/l7-policies-panel";
import type { Listener } from "@/components/api-types";
import { LIST_TRAIL, loadBalancerCrumb, ParentLoadBalancer, StatusPair } from "@/components/load-balancer-detail/load-balancer-summary";
import { GoneNotice, ResourceState, retryOnce } from "@/components/load-balancer-detail/resource-state";
import { displayName, routes } from "@/components/load-balancer-detail/routes";
import { StatisticsPanel } from "@/components/load-balancer-detail/statistics-panel";
import { useLoadBalancerLive } from "@/components/load-balancer-detail/use-load-balancer-live";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { useTRPC } from "@/components/providers/trpc";
import { useSecretLabel } from "@/components/secrets/secret-select";
import { listenerTlsItems } from "@/components/secrets/tls-detail-items";
import { PageHeader } from "@/components/shell/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { DeleteListenerDialog } from "./delete-listener-dialog";
import { EditListenerDialog } from "./edit-listener-dialog";

const ms = (value: number) => `${value} ms`;

function listenerItems(l: Listener, secretName: (ref: string) => string) {
  const headers = Object.entries(l.insert_headers)
    .filter(([, on]) => on)
    .map(([key]) => key);
  return [
    { label: "Name", value: orDash(l.name) },
    { label: "Description", value: orDash(l.description) },
    { label: "ID", value: <Mono>{l.id}</Mono> },
    { label: "Project ID", value: <Mono>{l.project_id}</Mono> },
    { label: "Load Balancer ID", value: <Mono>{l.loadbalancer_id}</Mono> },
    { label: "Protocol", value: l.protocol },
    { label: "Port", value: l.protocol_port },
    { label: "Operating Status", value: <StatusBadge status={l.operating_status} /> },
    { label: "Provisioning Status", value: <StatusBadge status={l.provisioning_status} /> },
    { label: "Admin State Up", value: adminStateLabel(l.admin_state_up) },
    { label: "Connection Limit", value: l.connection_limit === -1 ? "Unlimited (-1)" : l.connection_limit },
    { label: "Client Data Timeout", value: ms(l.timeout_client_data) },
    { label: "Member Connect Timeout", value: ms(l.timeout_member_connect) },
    { label: "Member Data Timeout", value: ms(l.timeout_member_data) },
    { label: "TCP Inspect Timeout", value: ms(l.timeout_tcp_inspect) },
    { label: "Default Pool ID", value: <Mono>{orDash(l.default_pool_id)}</Mono> },
    { label: "Insert Headers", value: headers.length ? headers.join(", ") : "-" },
    { label: "Allowed CIDRs", value: l.allowed_cidrs.length ? <Mono>{l.allowed_cidrs.join(", ")}</Mono> : "All" },
    ...listenerTlsItems(l, secretName),
    { label: "Tags", value: l.tags.length ? l.tags.join(", ") : "-" },
    { label: "Created At", value: formatTimestamp(l.created_at) },
    { label: "Updated At", value: formatTimestamp(l.updated_at) },
  ];
}

function DefaultPool({ loadBalancerId, poolId }: { loadBalancerId: string; poolId: string | null }) {
  const trpc = useTRPC();
  const pool = useQuery({ ...trpc.pool.get.queryOptions({ id: poolId ?? "" }, { retry: retryOnce }), enabled: Boolean(poolId) });
  if (!poolId) return <p className="text-sm text-muted">This listener has no default pool: it refuses connections.</p>;
  if (!pool.data) return <p className="text-sm text-muted">{pool.error ? "The default pool is unavailable." : "Loading…"}</p>;
  const p = pool.data;
  return (
    <DetailList
      label="Default pool"
      items={[
        { label: "Name", value: <Link href={routes.pool(loadBalancerId, p.id)}>{displayName(p)}</Link> },
        { label: "ID", value: <Mono>{p.id}</Mono> },
        { label: "Protocol", value: p.protocol },
        { label: "Algorithm", value: p.lb_algorithm },
        { label: "Session Persistence", value: orDash(p.session_persistence?.type) },
        { label: "Members", value: p.members.length },
        { label: "Health Monitor", value: p.healthmonitor_id ? <Mono>{p.healthmonitor_id}</Mono> : "None" },
        { label: "Operating Status", value: <StatusBadge status={p.operating_status} /> },
        { label: "Provisioning Status", value: <StatusBadge status={p.provisioning_status} /> },
      ]}
    />
  );
}

export function ListenerDetail({ loadBalancerId, listenerId }: { loadBalancerId: string; listenerId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const feed = useLoadBalancerLive(loadBalancerId);
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id: loadBalancerId }, { retry: retryOnce }));
  const listener = useQuery(trpc.listener.get.queryOptions({ id: listenerId }, { retry: retryOnce }));
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const canWrite = useCanWrite();
  const secretName = useSecretLabel();
  const l = listener.data;
  const name = l ? displayName(l) : listenerId.slice(0, 8);

  return (
    <>
      <PageHeader
        title={l ? name : "Listener"}
        trail={[...LIST_TRAIL, loadBalancerCrumb(lb.data, loadBalancerId), { label: "Listeners" }, { label: name }]}
        meta={
          l && (
            <>
              <StatusPair operating={l.operating_status} provisioning={l.provisioning_status} />
              <LiveIndicator status={feed.status} />
            </>
          )
        }
        actions={
          l &&
          canWrite && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")}>
                Edit Listener
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
                Delete Listener
              </Button>
            </>
          )
        }
      />
      <ParentLoadBalancer loadBalancerId={loadBalancerId} />
      <GoneNotice noun="listener" data={l} error={listener.error} />
      {!l ? (
        <ResourceState noun="listener" id={listenerId} isPending={listener.isPending} error={listener.error} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <Panel title="Listener Details">
            <DetailList label="Listener details" items={listenerItems(l, secretName)} />
          </Panel>
          <div className="space-y-4">
            <Panel title="Default Pool">
              <DefaultPool loadBalancerId={loadBalancerId} poolId={l.default_pool_id} />
            </Panel>
            <StatisticsPanel loadBalancerId={loadBalancerId} listenerId={l.id} />
          </div>
        </div>
      )}
      {l && (
        <div className="mt-4">
          <L7PoliciesPanel listener={l} />
        </div>
      )}
      {l && dialog === "edit" && <EditListenerDialog listener={l} onClose={() => setDialog(null)} />}
      {l && dialog === "delete" && (
        <DeleteListenerDialog listener={l} onDeleted={() => router.push(routes.loadBalancer(loadBalancerId))} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
