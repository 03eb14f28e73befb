"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { AssociateFloatingIpDialog } from "@/components/floating-ips/associate-dialog";
import { DisassociateFloatingIpDialog } from "@/components/floating-ips/disassociate-dialog";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { DeleteLoadBalancersDialog } from "@/components/load-balancers/delete-load-balancers-dialog";
import { EditLoadBalancerDialog } from "@/components/load-balancers/edit-load-balancer-dialog";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { useTRPC } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Tabs } from "@/components/ui/tabs";
import { ListenersTab } from "./listeners-tab";
import { LIST_TRAIL, StatusPair } from "./load-balancer-summary";
import { OverviewTab } from "./overview-tab";
import { PoolsTab } from "./pools-tab";
import { GoneNotice, ResourceState, retryOnce } from "./resource-state";
import { displayName, routes } from "./routes";
import { Timeline } from "./timeline";
import { useLoadBalancerLive } from "./use-load-balancer-live";

type Dialog = "edit" | "associate" | "disassociate" | "delete" | null;

/** The load balancer's page: overview (details, statistics, status tree), listeners, pools, timeline. */
export function LoadBalancerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const feed = useLoadBalancerLive(id);
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: retryOnce }));
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const [tab, setTab] = useState("overview");
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();

  const data = lb.data;
  const name = data ? displayName(data) : id.slice(0, 8);
  const floatingIp = floatingIpOfPort(floatingIps.data, data?.vip_port_id);

  return (
    <>
      <PageHeader
        title={data ? `${name}` : "Load Balancer"}
        trail={[...LIST_TRAIL, { label: name }]}
        meta={
          data && (
            <>
              <StatusPair operating={data.operating_status} provisioning={data.provisioning_status} />
              <LiveIndicator status={feed.status} />
            </>
          )
        }
        actions={
          data &&
          canWrite && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")}>
                Edit Load Balancer
              </Button>
              {floatingIp ? (
                <Button size="sm" onClick={() => setDialog("disassociate")}>
                  Disassociate Floating IP
                </Button>
              ) : (
                <Button size="sm" disabled={!floatingIps.data || !data.vip_port_id} onClick={() => setDialog("associate")}>
                  Associate Floating IP
                </Button>
              )}
              <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
                Delete Load Balancer
              </Button>
            </>
          )
        }
      />
      <GoneNotice noun="load balancer" data={data} error={lb.error} />
      {!data ? (
        <ResourceState noun="load balancer" id={id} isPending={lb.isPending} error={lb.error} />
      ) : (
        <Tabs
          label="Load balancer details"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { id: "overview", label: "Overview", content: <OverviewTab lb={data} /> },
            { id: "listeners", label: `Listeners (${data.listeners.length})`, content: <ListenersTab loadBalancerId={id} vipSubnetId={data.vip_subnet_id} /> },
            { id: "pools", label: `Pools (${data.pools.length})`, content: <PoolsTab loadBalancerId={id} /> },
            { id: "timeline", label: "Timeline", content: <Timeline loadBalancerId={id} /> },
          ]}
        />
      )}
      {data && dialog === "edit" && <EditLoadBalancerDialog loadBalancer={data} onClose={() => setDialog(null)} />}
      {data && dialog === "associate" && data.vip_port_id && (
        <AssociateFloatingIpDialog
          target={{ kind: "port", portId: data.vip_port_id, name: `load balancer ${name}` }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "disassociate" && floatingIp && (
        <DisassociateFloatingIpDialog floatingIp={floatingIp} from={`load balancer ${name}`} onClose={() => setDialog(null)} />
      )}
      {data && dialog === "delete" && (
        <DeleteLoadBalancersDialog
          targets={[{ id, name, childCount: data.listeners.length + data.pools.length }]}
          onClose={() => setDialog(null)}
          onDeleted={() => router.push(routes.list)}
        />
      )}
    </>
  );
}
