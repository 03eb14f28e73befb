"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import type { Member } from "@/components/api-types";
import { LIST_TRAIL, loadBalancerCrumb, ParentLoadBalancer, StatusPair } from "@/components/load-balancer-detail/load-balancer-summary";
import { GoneNotice, ResourceState, retryOnce } from "@/components/load-balancer-detail/resource-state";
import { displayName, routes } from "@/components/load-balancer-detail/routes";
import { useLoadBalancerLive } from "@/components/load-balancer-detail/use-load-balancer-live";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { EditMemberDialog, memberLabel } from "@/components/pool-detail/edit-member-dialog";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

function memberItems(m: Member, lbId: string, poolName: string) {
  return [
    { label: "Name", value: orDash(m.name) },
    { label: "ID", value: <Mono>{m.id}</Mono> },
    { label: "Project ID", value: <Mono>{m.project_id}</Mono> },
    {
      label: "Pool",
      value: (
        <span className="flex flex-col">
          <Link href={routes.pool(lbId, m.pool_id)}>{poolName}</Link>
          <Mono>{m.pool_id}</Mono>
        </span>
      ),
    },
    { label: "IP Address", value: <Mono>{m.address}</Mono> },
    { label: "Port", value: m.protocol_port },
    { label: "Subnet ID", value: <Mono>{orDash(m.subnet_id)}</Mono> },
    { label: "Weight", value: m.weight },
    { label: "Backup", value: yesNo(m.backup) },
    { label: "Monitor Address", value: <Mono>{orDash(m.monitor_address)}</Mono> },
    { label: "Monitor Port", value: m.monitor_port ?? "-" },
    { label: "Operating Status", value: <StatusBadge status={m.operating_status} /> },
    { label: "Provisioning Status", value: <StatusBadge status={m.provisioning_status} /> },
    { label: "Admin State Up", value: adminStateLabel(m.admin_state_up) },
    { label: "Tags", value: m.tags.length ? m.tags.join(", ") : "-" },
    { label: "Created At", value: formatTimestamp(m.created_at) },
    { label: "Updated At", value: formatTimestamp(m.updated_at) },
  ];
}

export function MemberDetail({ loadBalancerId, poolId, memberId }: { loadBalancerId: string; poolId: string; memberId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const feed = useLoadBalancerLive(loadBalancerId);
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id: loadBalancerId }, { retry: retryOnce }));
  const pool = useQuery(trpc.pool.get.queryOptions({ id: poolId }, { retry: retryOnce }));
  const member = useQuery(trpc.member.get.queryOptions({ id: memberId }, { retry: retryOnce }));
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const canWrite = useCanWrite();
  const m = member.data;
  const name = m ? memberLabel(m) : memberId.slice(0, 8);
  const poolName = pool.data ? displayName(pool.data) : poolId.slice(0, 8);
  return (
    <>
      <PageHeader
        title={m ? name : "Member"}
        trail={[
          ...LIST_TRAIL,
          loadBalancerCrumb(lb.data, loadBalancerId),
          { label: "Pools" },
          { label: poolName, href: routes.pool(loadBalancerId, poolId) },
          { label: "Members" },
          { label: name },
        ]}
        meta={
          m && (
            <>
              <StatusPair operating={m.operating_status} provisioning={m.provisioning_status} />
              <LiveIndicator status={feed.status} />
            </>
          )
        }
        actions={
          m &&
          canWrite && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")}>
                Edit Member
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
                Delete Member
              </Button>
            </>
          )
        }
      />
      <ParentLoadBalancer loadBalancerId={loadBalancerId} />
      <GoneNotice noun="member" data={m} error={member.error} />
      {!m ? (
        <ResourceState noun="member" id={memberId} isPending={member.isPending} error={member.error} />
      ) : (
        <Panel title="Member Details" className="max-w-3xl">
          <DetailList label="Member details" items={memberItems(m, loadBalancerId, poolName)} />
        </Panel>
      )}
      {m && dialog === "edit" && <EditMemberDialog member={m} onClose={() => setDialog(null)} />}
      {m && dialog === "delete" && (
        <DeleteResourceDialog
          kind="Member"
          name={name}
          run={() => client.member.delete.mutate({ id: m.id })}
          onDeleted={() => router.push(routes.pool(loadBalancerId, poolId))}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
