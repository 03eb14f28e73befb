"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { LoadBalancer } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { displayName, routes } from "./routes";
import { retryOnce } from "./resource-state";

/** The statuses beside a detail page's title. */
export function StatusPair({ operating, provisioning }: { operating: string; provisioning: string }) {
  return (
    <span className="inline-flex items-center gap-1" data-testid="title-statuses">
      <StatusBadge status={operating} />
      <StatusBadge status={provisioning} />
    </span>
  );
}

/** The load balancer a listener, pool or member page is under: its name and live statuses. */
export function ParentLoadBalancer({ loadBalancerId }: { loadBalancerId: string }) {
  const trpc = useTRPC();
  const lb = useQuery(trpc.loadBalancer.get.queryOptions({ id: loadBalancerId }, { retry: retryOnce }));
  return (
    <p data-testid="parent-loadbalancer" className="mb-3 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-muted">Load balancer</span>
      {lb.data ? (
        <>
          <Link href={routes.loadBalancer(loadBalancerId)} className="font-medium">
            {displayName(lb.data)}
          </Link>
          <span data-testid="parent-loadbalancer-statuses" className="inline-flex gap-1">
            <StatusBadge status={lb.data.operating_status} />
            <StatusBadge status={lb.data.provisioning_status} />
          </span>
        </>
      ) : (
        <span className="text-muted">{lb.error ? "unavailable" : "…"}</span>
      )}
    </p>
  );
}

/** The name a breadcrumb shows for the load balancer while (or if never) loaded. */
export const loadBalancerCrumb = (lb: LoadBalancer | undefined, id: string) => ({
  label: lb ? displayName(lb) : id.slice(0, 8),
  href: routes.loadBalancer(id),
});

export const LIST_TRAIL = [{ label: "Project" }, { label: "Network" }, { label: "Load Balancers", href: routes.list }];
