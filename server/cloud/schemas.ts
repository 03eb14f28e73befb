import { z } from "zod";
import { boolField, ipv4Field, nameField, uuidField } from "@/server/services/schemas/fields";
import { allocationPoolsRule, defaultGateway, gatewayRule, subnetCidrRule } from "./subnetRules";

// Inputs of the admin's network and subnet verbs (Neutron's fields and messages).

export const networkCreateInput = z.strictObject({
  name: nameField().min(1, { error: "name is required" }),
  router_external: boolField("router_external").optional(),
  shared: boolField("shared").optional(),
  /** The project that owns the network; the caller's own when absent. */
  project_id: uuidField("project_id").optional(),
});
export type NetworkCreateInput = z.infer<typeof networkCreateInput>;

const allocationPool = z.strictObject({
  start: ipv4Field("allocation_pools.start"),
  end: ipv4Field("allocation_pools.end"),
});

export const subnetCreateInput = z
  .strictObject({
    network_id: uuidField("network_id"),
    name: nameField().min(1, { error: "name is required" }),
    cidr: z.string({ error: (iss) => (iss.input === undefined ? "cidr is required" : "cidr must be a string") }),
    /** Absent: the first host address (Neutron's default); null: no gateway. */
    gateway_ip: ipv4Field("gateway_ip").nullable().optional(),
    /** Absent: every host address but the gateway. */
    allocation_pools: z.array(allocationPool, { error: "allocation_pools must be a list of {start, end}" }).max(32, { error: "at most 32 allocation pools" }).optional(),
  })
  .superRefine((v, ctx) => {
    const cidrError = subnetCidrRule(v.cidr);
    if (cidrError) {
      ctx.addIssue({ code: "custom", path: ["cidr"], message: cidrError });
      return;
    }
    const gatewayError = v.gateway_ip ? gatewayRule(v.cidr, v.gateway_ip) : null;
    if (gatewayError) ctx.addIssue({ code: "custom", path: ["gateway_ip"], message: gatewayError });
    const gateway = v.gateway_ip === undefined ? defaultGateway(v.cidr) : v.gateway_ip;
    const poolsError = v.allocation_pools ? allocationPoolsRule(v.cidr, gateway, v.allocation_pools) : null;
    if (poolsError) ctx.addIssue({ code: "custom", path: ["allocation_pools"], message: poolsError });
  });
export type SubnetCreateInput = z.infer<typeof subnetCreateInput>;
