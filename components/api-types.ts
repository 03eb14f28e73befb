import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

// The API's answers as the dashboard sees them: one name per resource, inferred from the routers
// so a field added on the server is typed here at once.

type Outputs = inferRouterOutputs<AppRouter>;

export type LoadBalancer = Outputs["loadBalancer"]["get"];
export type LoadBalancerStats = Outputs["loadBalancer"]["stats"];
export type StatusTree = Outputs["loadBalancer"]["statusTree"];
export type StatusEvent = Outputs["loadBalancer"]["events"][number];
export type Listener = Outputs["listener"]["get"];
export type Pool = Outputs["pool"]["get"];
export type Member = Outputs["member"]["get"];
export type HealthMonitor = Outputs["healthMonitor"]["get"];
export type FloatingIp = Outputs["floatingIp"]["list"][number];
export type Instance = Outputs["instance"]["list"][number];
export type Network = Outputs["network"]["list"][number];
export type Subnet = Outputs["subnet"]["list"][number];

/** A list procedure's answer: one page of items and the markers of its neighbours. */
export interface Page<T> {
  items: T[];
  next_marker: string | null;
  previous_marker: string | null;
}

/** `select` for a list read whole (no limit): its items, while the cache keeps the page. */
export const pageItems = <T>(page: Page<T>): T[] => page.items;
