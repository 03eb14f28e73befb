"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { retryOnce } from "@/components/load-balancer-detail/resource-state";
import { useTRPC } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DetailList, type DetailItem, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, orDash, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { isNotFound, messageOf } from "@/components/ui/trpc-errors";
import { InterfacesPanel } from "./interfaces-panel";
import { useRouterActions } from "./router-actions";
import { externalNetworkName, routerName } from "./router-choices";
import { type RouterDialog, RouterDialogs } from "./router-dialogs";
import { routerRoutes } from "./routes";
import type { Router } from "./types";

type NetworkNames = Parameters<typeof externalNetworkName>[1];

function overviewItems(r: Router, networks: NetworkNames): DetailItem[] {
  const gateway = r.external_gateway_info;
  const items: DetailItem[] = [
    { label: "Name", value: orDash(r.name) },
    { label: "ID", value: <Mono>{r.id}</Mono> },
    { label: "Project ID", value: <Mono>{r.project_id}</Mono> },
    { label: "Status", value: <StatusBadge status={r.status} /> },
    { label: "Admin State", value: adminStateLabel(r.admin_state_up) },
    { label: "External Network", value: externalNetworkName(r, networks) },
  ];
  if (gateway) {
    items.push(
      { label: "External Network ID", value: <Mono>{gateway.network_id}</Mono> },
      {
        label: "External Fixed IPs",
        value: gateway.external_fixed_ips.length ? (
          <ul>
            {gateway.external_fixed_ips.map((ip) => (
              <li key={`${ip.subnet_id}/${ip.ip_address}`}>
                <Mono>{ip.ip_address}</Mono> <span className="text-muted">on subnet</span> <Mono>{ip.subnet_id}</Mono>
              </li>
            ))}
          </ul>
        ) : (
          "-"
        ),
      },
      { label: "SNAT", value: yesNo(gateway.enable_snat) },
    );
  }
  return items;
}

/** What the page shows instead of its router: loading, not found, or the error. */
function RouterState({ id, isPending, error }: { id: string; isPending: boolean; error: unknown }) {
  if (isPending && !error) {
    return (
      <p aria-busy="true" className="py-6 text-center text-muted">
        Loading router…
      </p>
    );
  }
  return (
    <div role="alert" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>{isNotFound(error) ? `Router ${id} was not found: it may have been deleted.` : `Unable to retrieve router: ${messageOf(error)}`}</p>
      <p className="mt-1">
        <Link href={routerRoutes.list}>Back to Routers</Link>
      </p>
    </div>
  );
}

/** A router's page: its overview (gateway included) and its interfaces, with the actions the user may take. */
export function RouterDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const navigate = useRouter();
  const router = useQuery(trpc.routers.get.queryOptions({ id }, { retry: retryOnce }));
  const networks = useQuery(trpc.network.list.queryOptions());
  const [dialog, setDialog] = useState<RouterDialog | null>(null);
  const actions = useRouterActions(setDialog);
  const r = router.data;
  const name = r ? routerName(r) : id.slice(0, 8);
  return (
    <>
      <PageHeader
        title={r ? name : "Router"}
        trail={[{ label: "Project" }, { label: "Network" }, { label: "Routers", href: routerRoutes.list }, { label: name }]}
        meta={r && <StatusBadge status={r.status} />}
        actions={
          r &&
          actions
            .of(r, { addInterface: false })
            .filter((a) => !a.hidden)
            .map((a) => (
              <Button key={a.label} size="sm" variant={a.danger ? "danger" : "default"} aria-haspopup="dialog" onClick={a.onSelect}>
                {a.label}
              </Button>
            ))
        }
      />
      {!r ? (
        <RouterState id={id} isPending={router.isPending} error={router.error} />
      ) : (
        <div className="space-y-4">
          <Panel title="Overview" className="max-w-3xl">
            <DetailList label="Router overview" items={overviewItems(r, networks.data)} />
          </Panel>
          <InterfacesPanel router={r} onOpen={setDialog} />
        </div>
      )}
      <RouterDialogs dialog={dialog} onClose={() => setDialog(null)} onDeleted={() => navigate.push(routerRoutes.list)} />
    </>
  );
}
