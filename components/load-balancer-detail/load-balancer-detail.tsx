"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { LoadBalancer } from "@/components/api-types";
import { useCanCall, useCanWrite } from "@/components/auth/can-write";
import { AssociateFloatingIpDialog } from "@/components/floating-ips/associate-dialog";
import { DisassociateFloatingIpDialog } from "@/components/floating-ips/disassociate-dialog";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { DeleteLoadBalancersDialog, deleteTargetOf } from "@/components/load-balancers/delete-load-balancers-dialog";
import { EditLoadBalancerDialog } from "@/components/load-balancers/edit-load-balancer-dialog";
import { LiveIndicator } from "@/components/load-balancers/live-indicator";
import { loadBalancerActions } from "@/components/load-balancers/load-balancer-actions";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { Tabs } from "@/components/ui/tabs";
import { isNotFound } from "@/components/ui/trpc-errors";
import { ListenersTab } from "./listeners-tab";
import { LIST_TRAIL, StatusPair } from "./load-balancer-summary";
import { OverviewTab } from "./overview-tab";
import { PoolsTab } from "./pools-tab";
import { ErrorNotice, GoneNotice, ResourceState, retryOnce } from "./resource-state";
import { type DetailTab, displayName, routes, searchWithTab, tabOf } from "./routes";
import { Timeline } from "./timeline";
import { useLoadBalancerLive } from "./use-load-balancer-live";

type Dialog = "edit" | "associate" | "disassociate" | "failover" | "delete" | null;

/**
 * The tab in the address (`?tab=listeners`), so a reload and Back come back to it. It is replaced
 * in the history rather than pushed (Back leaves the page, as Horizon's does), without a round
 * trip to the server: Next.js keeps its router in step with the browser's history API.
 */
function useTabInAddress(): [DetailTab, (tab: DetailTab) => void] {
  const pathname = usePathname();
  const params = useSearchParams();
  const select = (tab: DetailTab) => window.history.replaceState(null, "", `${pathname}${searchWithTab(params.toString(), tab)}`);
  return [tabOf(params.get("tab")), select];
}

/**
 * The load balancer as the page shows it: once deleted (the stream said DELETED, or it is no
 * longer found), DELETED and OFFLINE, whatever the last copy said.
 */
function shownState(data: LoadBalancer | undefined, error: unknown): { lb: LoadBalancer | undefined; gone: boolean } {
  const gone = data !== undefined && (data.provisioning_status === "DELETED" || isNotFound(error));
  return { gone, lb: gone && data ? { ...data, provisioning_status: "DELETED", operating_status: "OFFLINE", status_reason: null } : data };
}

/** The load balancer's page: overview (details, statistics, status tree), listeners, pools, timeline. */
export function LoadBalancerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const feed = useLoadBalancerLive(id);
  const query = useQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: retryOnce }));
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const [tab, setTab] = useTabInAddress();
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const canFailover = useCanCall("loadBalancer.failover");

  const { lb: data, gone } = shownState(query.data, query.error);
  const name = data ? displayName(data) : id.slice(0, 8);
  const floatingIp = floatingIpOfPort(floatingIps.data, data?.vip_port_id);
  const allowed = loadBalancerActions(data?.provisioning_status ?? "", gone);
  // Said by the buttons held back (an ERROR and a deletion also have notices of their own).
  const heldBack = allowed.note;

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
              <Button size="sm" unavailable={allowed.change ? null : heldBack} onClick={() => setDialog("edit")}>
                Edit Load Balancer
              </Button>
              {floatingIp ? (
                <Button size="sm" unavailable={allowed.change ? null : heldBack} onClick={() => setDialog("disassociate")}>
                  Disassociate Floating IP
                </Button>
              ) : (
                <Button
                  size="sm"
                  disabled={!floatingIps.data || !data.vip_port_id}
                  unavailable={allowed.change ? null : heldBack}
                  onClick={() => setDialog("associate")}
                >
                  Associate Floating IP
                </Button>
              )}
              {canFailover && (
                <Button size="sm" unavailable={allowed.failover ? null : heldBack} onClick={() => setDialog("failover")}>
                  Failover Load Balancer
                </Button>
              )}
              <Button size="sm" variant="danger" unavailable={allowed.delete ? null : heldBack} onClick={() => setDialog("delete")}>
                Delete Load Balancer
              </Button>
            </>
          )
        }
      />
      <GoneNotice noun="load balancer" data={data} error={query.error} />
      {data && !gone && <ErrorNotice lb={data} canDelete={canWrite} canFailover={canFailover} />}
      {!data ? (
        <ResourceState noun="load balancer" id={id} isPending={query.isPending} error={query.error} />
      ) : (
        <Tabs
          label="Load balancer details"
          selected={tab}
          onSelect={(t) => setTab(tabOf(t))}
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
      {data && dialog === "failover" && (
        // Octavia's failover (admins): the HAProxy is replaced by a new one started from the rendered
        // config; from ACTIVE or ERROR, so a load balancer in ERROR recovers without being deleted.
        <DeleteResourceDialog
          verb="Failover"
          kind="Load Balancer"
          name={name}
          note="Its amphora is replaced by a new HAProxy started from its configuration; it is Pending Update until the new one runs."
          successText={`Failover of load balancer ${name} started`}
          run={() => client.loadBalancer.failover.mutate({ id })}
          onClose={() => setDialog(null)}
        />
      )}
      {data && dialog === "delete" && (
        <DeleteLoadBalancersDialog targets={[deleteTargetOf(data)]} onClose={() => setDialog(null)} onDeleted={() => router.push(routes.list)} />
      )}
    </>
  );
}
