"use client";

import { useQuery } from "@tanstack/react-query";
import type { LoadBalancer } from "@/components/api-types";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { childErrors } from "./child-errors";
import { StatisticsPanel } from "./statistics-panel";
import { StatusTreeView } from "./status-tree-view";

/** A name with its id under it: operators search by either. */
function NamedId({ name, id }: { name: string | undefined; id: string | null }) {
  if (!id) return <>-</>;
  return (
    <span className="flex flex-col">
      {name && <span>{name}</span>}
      <Mono>{id}</Mono>
    </span>
  );
}

/** The children whose change failed, and why: each is left out of the running config until changed or deleted. */
function ChildErrors({ loadBalancerId }: { loadBalancerId: string }) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.loadBalancer.statusTree.queryOptions({ id: loadBalancerId }));
  const anyFailed = childErrors(tree.data, []).length > 0;
  // The reasons are in the status events, which the page's stream keeps live once read.
  const events = useQuery({ ...trpc.loadBalancer.events.queryOptions({ id: loadBalancerId }), enabled: anyFailed });
  const failed = childErrors(tree.data, events.data);
  if (failed.length === 0) return null;
  return (
    <div role="alert" data-testid="child-errors" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-semibold">{failed.length === 1 ? "A change could not be applied:" : `${failed.length} changes could not be applied:`}</p>
      <ul className="mt-1 space-y-0.5">
        {failed.map((f) => (
          <li key={f.id}>
            {f.kind} <strong className="font-medium">{f.name}</strong>: {f.reason ?? (events.isPending ? "…" : "no reason was recorded.")}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function OverviewTab({ lb }: { lb: LoadBalancer }) {
  const trpc = useTRPC();
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  const networks = useQuery(trpc.network.list.queryOptions());
  const floatingIps = useQuery(trpc.floatingIp.list.queryOptions());
  const subnet = subnets.data?.find((s) => s.id === lb.vip_subnet_id);
  const network = networks.data?.find((n) => n.id === lb.vip_network_id);
  const floatingIp = floatingIpOfPort(floatingIps.data, lb.vip_port_id);
  const deleted = lb.provisioning_status === "DELETED";
  return (
    <div className="space-y-4">
      {!deleted && <ChildErrors loadBalancerId={lb.id} />}
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <Panel title="Load Balancer Details">
          <DetailList
            label="Load balancer details"
            items={[
              { label: "Name", value: orDash(lb.name) },
              { label: "Description", value: orDash(lb.description) },
              { label: "ID", value: <Mono>{lb.id}</Mono> },
              { label: "Project ID", value: <Mono>{lb.project_id}</Mono> },
              { label: "Operating Status", value: <StatusBadge status={lb.operating_status} /> },
              { label: "Provisioning Status", value: <StatusBadge status={lb.provisioning_status} /> },
              { label: "Admin State Up", value: adminStateLabel(lb.admin_state_up) },
              { label: "IP Address", value: <Mono>{lb.vip_address}</Mono> },
              {
                label: "Floating IP",
                value: <Mono>{floatingIps.data ? orDash(floatingIp?.floating_ip_address) : "…"}</Mono>,
              },
              { label: "Port ID", value: <Mono>{orDash(lb.vip_port_id)}</Mono> },
              {
                label: "Subnet",
                value: <NamedId name={subnet ? `${subnet.name} (${subnet.cidr})` : undefined} id={lb.vip_subnet_id} />,
              },
              { label: "Network", value: <NamedId name={network?.name} id={lb.vip_network_id} /> },
              { label: "Provider", value: lb.provider },
              { label: "Flavor ID", value: <Mono>{orDash(lb.flavor_id)}</Mono> },
              { label: "Availability Zone", value: orDash(lb.availability_zone) },
              { label: "Listeners", value: lb.listeners.length },
              { label: "Pools", value: lb.pools.length },
              { label: "Tags", value: lb.tags.length ? lb.tags.join(", ") : "-" },
              { label: "Created At", value: formatTimestamp(lb.created_at) },
              { label: "Updated At", value: formatTimestamp(lb.updated_at) },
            ]}
          />
        </Panel>
        <div>
          <StatisticsPanel loadBalancerId={lb.id} />
        </div>
      </div>
      <Panel title="Status Tree">
        <StatusTreeView loadBalancerId={lb.id} deleted={deleted} />
      </Panel>
    </div>
  );
}
