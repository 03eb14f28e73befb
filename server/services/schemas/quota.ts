import { z } from "zod";
import { uuidField } from "./fields";

// quota.update's input, Octavia's (and Neutron's floatingip and router): one limit per resource, -1 unlimited, null back to the default,
// the deprecated spellings accepted. The dashboard's quota form checks with the same schema.

export const QUOTA_MAX = 2_000_000_000;

const limit = (resource: string) =>
  z
    .number({ error: `${resource} quota must be a whole number from -1 (unlimited) to ${QUOTA_MAX}` })
    .int(`${resource} quota must be a whole number from -1 (unlimited) to ${QUOTA_MAX}`)
    .min(-1, `${resource} quota must be -1 (unlimited) or more`)
    .max(QUOTA_MAX, `${resource} quota must be at most ${QUOTA_MAX}`)
    .nullable()
    .optional();

export const quotaProjectInput = z.strictObject({ project_id: uuidField("project_id") });

export const quotaUpdateInput = z.strictObject({
  project_id: uuidField("project_id"),
  quota: z.strictObject({
    loadbalancer: limit("loadbalancer"),
    load_balancer: limit("load_balancer"),
    listener: limit("listener"),
    pool: limit("pool"),
    healthmonitor: limit("healthmonitor"),
    health_monitor: limit("health_monitor"),
    member: limit("member"),
    l7policy: limit("l7policy"),
    l7rule: limit("l7rule"),
    floatingip: limit("floatingip"),
    router: limit("router"),
  }),
});
