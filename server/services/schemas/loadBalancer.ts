import { z } from "zod";
import { atMost, boolField, immutableField, ipv4Field, MAX_LISTENERS, nameField, tagsField, uuidField } from "./fields";
import { listenerSpec } from "./listener";
import { commonFilters, listInput } from "./paging";

const mutableFields = {
  name: nameField().optional(),
  description: nameField("description").optional(),
  admin_state_up: boolField("admin_state_up").optional(),
  tags: tagsField().optional(),
};

/** Graph create: the load balancer and, optionally, its whole tree in one call. */
export const loadBalancerCreateInput = z
  .strictObject({
    ...mutableFields,
    vip_subnet_id: uuidField("vip_subnet_id").optional(),
    vip_network_id: uuidField("vip_network_id").optional(),
    vip_address: ipv4Field("vip_address").optional(),
    provider: z.literal("amphora", { error: "provider must be amphora (the only provider of this cloud)" }).optional(),
    /** An enabled availability zone's name: the amphora goes to a host of its compute zone. */
    availability_zone: nameField("availability_zone").optional(),
    /** An enabled flavor: its profile fixes the load balancer's topology. */
    flavor_id: uuidField("flavor_id").optional(),
    listeners: z
      .array(listenerSpec, { error: "listeners must be a list" })
      .max(...atMost("listeners", MAX_LISTENERS))
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.vip_subnet_id && !v.vip_network_id) {
      ctx.addIssue({
        code: "custom",
        path: ["vip_subnet_id"],
        message: "VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.",
      });
    }
  });
export type LoadBalancerCreateInput = z.infer<typeof loadBalancerCreateInput>;

export const loadBalancerUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...mutableFields,
  vip_address: immutableField("vip_address"),
  vip_subnet_id: immutableField("vip_subnet_id"),
  availability_zone: immutableField("availability_zone"),
  vip_network_id: immutableField("vip_network_id"),
  provider: immutableField("provider"),
  flavor_id: immutableField("flavor_id"),
});
export type LoadBalancerUpdateInput = z.infer<typeof loadBalancerUpdateInput>;

export const loadBalancerDeleteInput = z.strictObject({
  id: uuidField("id"),
  cascade: boolField("cascade").optional(),
});

export const idInput = z.strictObject({ id: uuidField("id") });

/** The fields a load balancer list may be filtered (equality) and sorted by. */
export const loadBalancerFilters = {
  ...commonFilters,
  description: nameField("description"),
  vip_address: ipv4Field("vip_address"),
  vip_port_id: uuidField("vip_port_id").nullable(),
  vip_subnet_id: uuidField("vip_subnet_id"),
  vip_network_id: uuidField("vip_network_id"),
  provider: nameField("provider"),
  flavor_id: uuidField("flavor_id").nullable(),
  availability_zone: nameField("availability_zone").nullable(),
};

export const loadBalancerListInput = listInput(loadBalancerFilters, {
  /**
   * The dashboard's search box: a case-insensitive substring of the name, VIP address, floating
   * IP on the VIP or either status, or the start of the id.
   */
  search: nameField("search").optional(),
  /** Another project's load balancers (admins only): Octavia's `?project_id=`. */
  project_id: uuidField("project_id").optional(),
  /** Every project's load balancers (admins only): the Admin panel's list. */
  all_projects: z.boolean({ error: "all_projects must be true or false" }).optional(),
}).optional();
export type LoadBalancerListInput = z.infer<typeof loadBalancerListInput>;
