"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { LIST_TRAIL, loadBalancerCrumb, ParentLoadBalancer, StatusPair } from "@/components/load-balancer-detail/load-balancer-summary";
import { GoneNotice, ResourceState, retryOnce } from "@/components/load-balancer-detail/resource-state";
import { displayName, routes } from "@/components/load-balancer-detail/routes";
import { useLoadBalancerLive } from "@/components/load-balancer-detail/use-load-balancer-live";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { L7RulesPanel } from "./l7-rules-panel";
import { PolicyDialog } from "./policy-dialog";
import type { L7Policy } from "./types";

function policyItems(p: L7Policy, lbId: string, poolName: string | null) {
  return [
    { label: "Name", value: orDash(p.name) },
    { label: "Description", value: orDash(p.description) },
    { label: "ID", value: <Mono>{p.id}</Mono> },
    { label: "Project ID", value: <Mono>{p.project_id}</Mono> },
    { label: "Listener ID", value: <Mono>{p.listener_id}</Mono> },
    { label: "Action", value: p.action },
    { label: "Position", value: p.position },
    {
      label: "Redirect Pool",
      value: p.redirect_pool_id ? <Link href={routes.pool(lbId, p.redirect_pool_id)}>{poolName ?? p.redirect_pool_id}</Link> : "-",
    },
    { label: "Redirect URL", value: <Mono>{orDash(p.redirect_url)}</Mono> },
    { label: "Redirect Prefix", value: <Mono>{orDash(p.redirect_prefix)}</Mono> },
    { label: "Redirect HTTP Code", value: p.redirect_http_code ?? "-" },
    { label: "Operating Status", value: <StatusBadge status={p.operating_status} /> },
    { label: "Provisioning Status", value: <StatusBadge status={p.provisioning_status} /> },
    { label: "Admin State Up", value: adminStateLabel(p.admin_state_up) },
    { label: "Tags", value: p.tags.length ? p.tags.join(", ") : "-" },
    { label: "Created At", value: formatTimestamp(p.created_at) },
    { label: "Updated At", value: formatTimestamp(p.updated_at) },
  ];
}

/** An L7 policy's page: its details and its rules, live from the load balancer's status stream. */
export function L7PolicyDetail({ loadBalancerId, listenerId, policyId }: { loadBalancerId: string; listenerId: string; policyId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const feed = useLoadBalancerLive(loadBalancerId);
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id: loadBalancerId }, { retry: retryOnce }));
  const listener = useQuery(trpc.listener.get.queryOptions({ id: listenerId }, { retry: retryOnce }));
  const policy = useQuery(trpc.l7Policy.get.queryOptions({ id: policyId }, { retry: retryOnce }));
  const p = policy.data;
  const pool = useQuery({ ...trpc.pool.get.queryOptions({ id: p?.redirect_pool_id ?? "" }, { retry: retryOnce }), enabled: Boolean(p?.redirect_pool_id) });
  const canWrite = useCanWrite();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const name = p ? displayName(p) : policyId.slice(0, 8);
  const listenerName = listener.data ? displayName(listener.data) : listenerId.slice(0, 8);
  const listenerPage = routes.listener(loadBalancerId, listenerId);
  return (
    <>
      <PageHeader
        title={p ? name : "L7 Policy"}
        trail={[
          ...LIST_TRAIL,
          loadBalancerCrumb(lb.data, loadBalancerId),
          { label: "Listeners" },
          { label: listenerName, href: listenerPage },
          { label: "L7 Policies" },
          { label: name },
        ]}
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
          listener.data &&
          canWrite && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")}>
                Edit L7 Policy
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
                Delete L7 Policy
              </Button>
            </>
          )
        }
      />
      <ParentLoadBalancer loadBalancerId={loadBalancerId} />
      <GoneNotice noun="L7 policy" data={p} error={policy.error} />
      {!p ? (
        <ResourceState noun="L7 policy" id={policyId} isPending={policy.isPending} error={policy.error} />
      ) : (
        <div className="grid gap-4 xl:grid-cols-[2fr_3fr]">
          <Panel title="L7 Policy Details">
            <DetailList label="L7 policy details" items={policyItems(p, loadBalancerId, pool.data ? displayName(pool.data) : null)} />
          </Panel>
          <L7RulesPanel policy={p} />
        </div>
      )}
      {p && listener.data && dialog === "edit" && <PolicyDialog listener={listener.data} policy={p} onClose={() => setDialog(null)} />}
      {p && dialog === "delete" && (
        <DeleteResourceDialog
          kind="L7 Policy"
          name={name}
          note={p.rules.length ? `Its ${p.rules.length} rule(s) are deleted with it.` : undefined}
          run={() => client.l7Policy.delete.mutate({ id: p.id })}
          onDeleted={() => router.push(listenerPage)}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
