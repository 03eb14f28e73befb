import Link from "next/link";
import type { ReactNode } from "react";
import type { FloatingIp } from "@/components/api-types";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { StatusBadge } from "@/components/status-badge";
import type { Column } from "@/components/ui/data-table";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import type { LoadBalancerRow } from "./apply-status-event";
import type { SortableKey } from "./list-query";

export const loadBalancerHref = (id: string) => `/project/network/load-balancers/${id}`;

type LoadBalancerColumn = Column<LoadBalancerRow> & { sortKey?: SortableKey };

/** The admin's list of every project: a Project column, and links only to the project in scope's pages. */
export interface AllProjectsColumns {
  projectName: (lb: LoadBalancerRow) => string;
  /** Whether the detail page can show the load balancer (it belongs to the project in scope). */
  linkable: (lb: LoadBalancerRow) => boolean;
}

/**
 * The list's columns, Horizon's order, with the server-side sort key of those a header click
 * sorts; the floating IP comes from its own list, matched on the VIP port. Without `actions`
 * (a reader) there is no Actions column.
 */
export function loadBalancerColumns(
  floatingIps: FloatingIp[] | undefined,
  actions?: (lb: LoadBalancerRow) => ReactNode,
  allProjects?: AllProjectsColumns,
): LoadBalancerColumn[] {
  const columns: LoadBalancerColumn[] = [
    ...(allProjects ? [{ header: "Project", cell: (lb: LoadBalancerRow) => <span data-testid="project">{allProjects.projectName(lb)}</span> }] : []),
    {
      header: "Name",
      sortKey: "name",
      cell: (lb) =>
        allProjects && !allProjects.linkable(lb) ? (
          <span className="font-medium">{lb.name || lb.id}</span>
        ) : (
          <Link href={loadBalancerHref(lb.id)} className="font-medium">
            {lb.name || lb.id}
          </Link>
        ),
    },
    { header: "Description", cell: (lb) => orDash(lb.description), className: "text-neutral-600" },
    { header: "IP Address", sortKey: "vip_address", cell: (lb) => <span className="font-mono text-xs">{orDash(lb.vip_address)}</span> },
    {
      header: "Floating IP",
      cell: (lb) => (
        <span data-testid="floating-ip" className="font-mono text-xs">
          {floatingIps ? orDash(floatingIpOfPort(floatingIps, lb.vip_port_id)?.floating_ip_address) : "…"}
        </span>
      ),
    },
    { header: "Listeners", cell: (lb) => lb.listeners.length, className: "text-right tabular-nums" },
    { header: "Operating Status", sortKey: "operating_status", cell: (lb) => <StatusBadge status={lb.operating_status} /> },
    { header: "Provisioning Status", sortKey: "provisioning_status", cell: (lb) => <StatusBadge status={lb.provisioning_status} /> },
    { header: "Admin State", sortKey: "admin_state_up", cell: (lb) => adminStateLabel(lb.admin_state_up) },
    { header: "Created", sortKey: "created_at", cell: (lb) => formatTimestamp(lb.created_at), className: "whitespace-nowrap text-xs text-neutral-600" },
  ];
  return actions ? [...columns, { header: "Actions", cell: actions, className: "w-1 text-right" }] : columns;
}
