import Link from "next/link";
import type { ReactNode } from "react";
import type { FloatingIp } from "@/components/api-types";
import { floatingIpOfPort } from "@/components/floating-ips/floating-ip-choices";
import { StatusBadge } from "@/components/status-badge";
import type { Column } from "@/components/ui/data-table";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import type { LoadBalancerRow } from "./apply-status-event";
import type { SortableKey } from "./list-query";

const ADDRESS = "font-mono text-[11px] whitespace-nowrap xl:text-xs";

/** Date and time on two lines when the column is narrow, each whole. */
function Timestamp({ value }: { value: string }) {
  const [date, time] = formatTimestamp(value).split(/ (.*)/);
  return (
    <time dateTime={value}>
      <span className="whitespace-nowrap">{date}</span> <span className="whitespace-nowrap">{time}</span>
    </time>
  );
}

/** A status, and under an ERROR why it is there (the whole reason stays readable on hover and to screen readers). */
function StatusWithReason({ status, reason }: { status: string; reason: string | null }) {
  if (status !== "ERROR" || !reason) return <StatusBadge status={status} />;
  return (
    <span className="flex max-w-48 flex-col items-start gap-0.5">
      <StatusBadge status={status} />
      <span data-testid="status-reason" title={reason} className="line-clamp-2 text-[11px] leading-snug text-red-800 [overflow-wrap:anywhere]">
        {reason}
      </span>
    </span>
  );
}

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
    // Free text may break anywhere: the column gives way before the Actions column leaves the window.
    { header: "Description", cell: (lb) => orDash(lb.description), className: "text-neutral-600 [overflow-wrap:anywhere]" },
    { header: "IP Address", sortKey: "vip_address", cell: (lb) => <span className={ADDRESS}>{orDash(lb.vip_address)}</span> },
    {
      header: "Floating IP",
      cell: (lb) => (
        <span data-testid="floating-ip" className={ADDRESS}>
          {floatingIps ? orDash(floatingIpOfPort(floatingIps, lb.vip_port_id)?.floating_ip_address) : "…"}
        </span>
      ),
    },
    { header: "Listeners", cell: (lb) => lb.listeners.length, className: "text-right tabular-nums" },
    {
      header: "Operating Status",
      sortKey: "operating_status",
      cell: (lb) => <StatusWithReason status={lb.operating_status} reason={lb.provisioning_status === "ERROR" ? null : lb.status_reason} />,
    },
    {
      header: "Provisioning Status",
      sortKey: "provisioning_status",
      cell: (lb) => <StatusWithReason status={lb.provisioning_status} reason={lb.status_reason} />,
    },
    { header: "Admin State", sortKey: "admin_state_up", cell: (lb) => adminStateLabel(lb.admin_state_up) },
    { header: "Created", sortKey: "created_at", cell: (lb) => <Timestamp value={lb.created_at} />, className: "text-[11px] text-neutral-600 xl:text-xs" },
  ];
  return actions ? [...columns, { header: "Actions", cell: actions, className: "w-1 text-right" }] : columns;
}
