import { z } from "zod";
import { LB_ALGORITHMS, POOL_PROTOCOLS, type PoolProtocol, SESSION_PERSISTENCE_TYPES } from "./enums";
import { atMost, boolField, enumField, immutableField, MAX_MEMBERS, nameField, tagsField, uuidField } from "./fields";
import { healthMonitorSpec } from "./healthMonitor";
import { memberSpec } from "./member";
import { commonFilters, listInput } from "./paging";
import { monitorTypeRule, sessionPersistenceRule } from "./rules";
import { poolTlsFields } from "./tls";

export const sessionPersistenceSpec = z.strictObject({
  type: enumField("session_persistence.type", SESSION_PERSISTENCE_TYPES),
  cookie_name: z.string({ error: "cookie_name must be a string" }).nullish(),
});
export type SessionPersistenceSpec = z.infer<typeof sessionPersistenceSpec>;

const mutableFields = {
  name: nameField().optional(),
  description: nameField("description").optional(),
  lb_algorithm: enumField("lb_algorithm", LB_ALGORITHMS),
  session_persistence: sessionPersistenceSpec.nullish(),
  admin_state_up: boolField("admin_state_up").optional(),
  tags: tagsField().optional(),
  ...poolTlsFields,
};

export function checkSessionPersistence(
  v: { protocol: PoolProtocol; session_persistence?: SessionPersistenceSpec | null },
  ctx: z.RefinementCtx,
) {
  if (!v.session_persistence) return;
  const broken = sessionPersistenceRule(v.protocol, v.session_persistence);
  if (broken) ctx.addIssue({ code: "custom", path: ["session_persistence", broken.field], message: broken.message });
}

/** A pool as nested under a listener in a graph create (its default pool). */
export const poolSpec = z
  .strictObject({
    protocol: enumField("protocol", POOL_PROTOCOLS),
    ...mutableFields,
    members: z
      .array(memberSpec, { error: "members must be a list" })
      .max(...atMost("members", MAX_MEMBERS))
      .optional(),
    healthmonitor: healthMonitorSpec.nullish(),
  })
  .superRefine((v, ctx) => {
    checkSessionPersistence(v, ctx);
    const message = v.healthmonitor ? monitorTypeRule(v.protocol, v.healthmonitor.type) : null;
    if (message) ctx.addIssue({ code: "custom", path: ["healthmonitor", "type"], message });
  });
export type PoolSpec = z.infer<typeof poolSpec>;

/** Standalone create: under a load balancer, or under a listener (then it is its default pool). */
export const poolCreateInput = z
  .strictObject({
    protocol: enumField("protocol", POOL_PROTOCOLS),
    loadbalancer_id: uuidField("loadbalancer_id").optional(),
    listener_id: uuidField("listener_id").optional(),
    ...mutableFields,
  })
  .superRefine((v, ctx) => {
    if (!v.loadbalancer_id && !v.listener_id) {
      ctx.addIssue({ code: "custom", path: ["loadbalancer_id"], message: "Either loadbalancer_id or listener_id must be specified." });
    }
    checkSessionPersistence(v, ctx);
  });
export type PoolCreateInput = z.infer<typeof poolCreateInput>;

export const poolUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...z.object(mutableFields).partial().shape,
  protocol: immutableField("protocol"),
  loadbalancer_id: immutableField("loadbalancer_id"),
  listener_id: immutableField("listener_id"),
});
export type PoolUpdateInput = z.infer<typeof poolUpdateInput>;

export const poolFilters = {
  ...commonFilters,
  description: nameField("description"),
  loadbalancer_id: uuidField("loadbalancer_id"),
  protocol: enumField("protocol", POOL_PROTOCOLS),
  lb_algorithm: enumField("lb_algorithm", LB_ALGORITHMS),
  tls_enabled: boolField("tls_enabled"),
};

export const poolListInput = listInput(poolFilters).optional();
export type PoolListInput = z.infer<typeof poolListInput>;
