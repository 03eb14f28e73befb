import { z } from "zod";
import { INSERT_HEADER_KEYS, LISTENER_PROTOCOLS, type ListenerProtocol } from "./enums";
import { atMost, boolField, enumField, immutableField, intField, MAX_L7POLICIES, nameField, portField, tagsField, uuidField } from "./fields";
import { commonFilters, intFilter, listInput } from "./paging";
import { l7PolicySpec } from "./l7";
import { poolSpec } from "./pool";
import { insertHeadersRule, poolProtocolRule } from "./rules";
import { listenerTlsFields, listenerTlsRule, type ListenerTlsValues, sslHeadersRule } from "./tls";

const TIMEOUT_MAX = 2_073_600_000;
const timeoutField = (field: string) => intField(field, 0, TIMEOUT_MAX).nullish();

/** Octavia takes "true"/"false" strings (the CLI sends them) as well as booleans. */
const insertHeaderValue = z
  .union([z.boolean(), z.enum(["true", "false", "True", "False"])], { error: "insert_headers values must be true or false" })
  .transform((v) => v === true || v === "true" || v === "True");

export const insertHeadersSpec = z.partialRecord(z.enum(INSERT_HEADER_KEYS), insertHeaderValue, {
  error: (iss) =>
    (iss.code as string) === "unrecognized_keys" || iss.code === "invalid_key"
      ? // zod types omit unrecognized_keys here, yet it reports one for a key outside the enum.
        `insert_headers keys must be one of ${INSERT_HEADER_KEYS.join(", ")}`
      : "insert_headers must be an object of header names to true or false",
});

/**
 * The most connections one listener may be given. HAProxy sizes its fd tables and pools for the
 * sum of its listeners' maxconn when it starts, whether the connections come or not (about
 * 0.12 KiB each, measured): Octavia's 1,000,000 would make one listener's amphora ask for
 * 120 MiB. -1 (unlimited) is sized for the operator's AMPHORA_MAXCONN.
 */
export const MAX_CONNECTION_LIMIT = 100_000;

const cidrList = z
  .array(z.cidrv4({ error: "allowed_cidrs entries must be IPv4 CIDRs such as 127.0.0.0/8" }), {
    error: "allowed_cidrs must be a list of CIDRs",
  })
  .max(100, { error: "at most 100 allowed_cidrs" });

const mutableFields = {
  name: nameField().optional(),
  description: nameField("description").optional(),
  admin_state_up: boolField("admin_state_up").optional(),
  connection_limit: intField("connection_limit", -1, MAX_CONNECTION_LIMIT).optional(),
  timeout_client_data: timeoutField("timeout_client_data"),
  timeout_member_connect: timeoutField("timeout_member_connect"),
  timeout_member_data: timeoutField("timeout_member_data"),
  timeout_tcp_inspect: timeoutField("timeout_tcp_inspect"),
  insert_headers: insertHeadersSpec.optional(),
  allowed_cidrs: cidrList.optional(),
  tags: tagsField().optional(),
  ...listenerTlsFields,
};

function checkListenerRules(
  v: ListenerTlsValues & { protocol: ListenerProtocol; insert_headers?: object; default_pool?: { protocol: string } | null },
  ctx: z.RefinementCtx,
) {
  if (v.insert_headers && Object.keys(v.insert_headers).length > 0) {
    const message = insertHeadersRule(v.protocol) ?? sslHeadersRule(v.protocol, v.insert_headers);
    if (message) ctx.addIssue({ code: "custom", path: ["insert_headers"], message });
  }
  const tls = listenerTlsRule(v);
  if (tls) ctx.addIssue({ code: "custom", path: [tls.field], message: tls.message });
  if (v.default_pool) {
    const message = poolProtocolRule(v.protocol, v.default_pool.protocol as never);
    if (message) ctx.addIssue({ code: "custom", path: ["default_pool", "protocol"], message });
  }
}

/** A listener as nested in a graph create, with an optional inline default pool. */
export const listenerSpec = z
  .strictObject({
    protocol: enumField("protocol", LISTENER_PROTOCOLS),
    protocol_port: portField(),
    ...mutableFields,
    default_pool: poolSpec.nullish(),
    /** Graph create only (Octavia's): the listener's L7 policies with their rules. */
    l7policies: z
      .array(l7PolicySpec, { error: "l7policies must be a list" })
      .max(...atMost("l7policies", MAX_L7POLICIES))
      .optional(),
  })
  .superRefine(checkListenerRules);
export type ListenerSpec = z.infer<typeof listenerSpec>;

export const listenerCreateInput = z
  .strictObject({
    loadbalancer_id: uuidField("loadbalancer_id"),
    protocol: enumField("protocol", LISTENER_PROTOCOLS),
    protocol_port: portField(),
    ...mutableFields,
    default_pool_id: uuidField("default_pool_id").nullish(),
    default_pool: poolSpec.nullish(),
  })
  .superRefine((v, ctx) => {
    checkListenerRules(v, ctx);
    if (v.default_pool_id && v.default_pool) {
      ctx.addIssue({ code: "custom", path: ["default_pool"], message: "Give either default_pool_id or default_pool, not both." });
    }
  });
export type ListenerCreateInput = z.infer<typeof listenerCreateInput>;

export const listenerUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...mutableFields,
  default_pool_id: uuidField("default_pool_id").nullish(),
  protocol: immutableField("protocol"),
  protocol_port: immutableField("protocol_port"),
  loadbalancer_id: immutableField("loadbalancer_id"),
});
export type ListenerUpdateInput = z.infer<typeof listenerUpdateInput>;

export const listenerFilters = {
  ...commonFilters,
  description: nameField("description"),
  loadbalancer_id: uuidField("loadbalancer_id"),
  protocol: enumField("protocol", LISTENER_PROTOCOLS),
  protocol_port: portField(),
  connection_limit: intFilter("connection_limit"),
  default_pool_id: uuidField("default_pool_id").nullable(),
  timeout_client_data: intFilter("timeout_client_data"),
  timeout_member_connect: intFilter("timeout_member_connect"),
  timeout_member_data: intFilter("timeout_member_data"),
  timeout_tcp_inspect: intFilter("timeout_tcp_inspect"),
};

export const listenerListInput = listInput(listenerFilters).optional();
export type ListenerListInput = z.infer<typeof listenerListInput>;
