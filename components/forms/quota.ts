/** One resource's quota and usage (quota.usage); a limit of -1 is unlimited. */
export interface QuotaUsage {
  limit: number;
  used: number;
}

/** Whether another one is refused: a limit is set and the usage has reached it. */
export function quotaExceeded({ limit, used }: QuotaUsage): boolean {
  return limit >= 0 && used >= limit;
}

/** What quota.usage reports on, as Octavia (and Neutron, floatingip and router) name the quotas. */
export type QuotaResource = "loadbalancer" | "listener" | "pool" | "healthmonitor" | "member" | "l7policy" | "l7rule" | "floatingip" | "router";
