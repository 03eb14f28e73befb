import type { z } from "zod";
import type { Page } from "@/server/services/paging";
import {
  availabilityZoneCreateInput,
  availabilityZoneListInput,
  availabilityZoneProfileCreateInput,
  availabilityZoneProfileListInput,
  availabilityZoneProfileUpdateInput,
  availabilityZoneUpdateInput,
} from "@/server/services/schemas/availability-zone";
import { flavorCreateInput, flavorListInput, flavorProfileCreateInput, flavorProfileListInput, flavorProfileUpdateInput, flavorUpdateInput } from "@/server/services/schemas/flavor";
import { healthMonitorCreateInput, healthMonitorListInput, healthMonitorUpdateInput } from "@/server/services/schemas/healthMonitor";
import { l7PolicyCreateInput, l7PolicyListInput, l7PolicyUpdateInput, l7RuleCreateInput, l7RuleListInput, l7RuleUpdateInput } from "@/server/services/schemas/l7";
import { listenerCreateInput, listenerListInput, listenerUpdateInput } from "@/server/services/schemas/listener";
import { loadBalancerCreateInput, loadBalancerDeleteInput, loadBalancerListInput, loadBalancerUpdateInput } from "@/server/services/schemas/loadBalancer";
import { memberCreateInput, memberListInput, memberUpdateInput } from "@/server/services/schemas/member";
import { poolCreateInput, poolListInput, poolUpdateInput } from "@/server/services/schemas/pool";
import type { Caller } from "../serve";

// Octavia's CRUD collections, one entry each: where the collection lives, its wrapper keys and
// the tRPC procedures behind it. Every entry gets list, create, show, update and delete (see
// crud.ts); what is special about a resource (status, stats, failover, batch update) is its own
// route in door.ts. A new collection is one more entry here.

/** The CRUD procedures of one tRPC router, as the REST layer calls them (inputs come from the wire). */
export interface CrudProcedures {
  list(input: never): Promise<Page<object>>;
  get(input: never): Promise<object>;
  create(input: never): Promise<object>;
  update(input: never): Promise<object>;
  delete(input: never): Promise<unknown>;
}

export interface OctaviaResource {
  /**
   * The collection's path below the API version. A capture names the parent, and the items of
   * the collection carry the parent's id under the same name: "lbaas/pools/:pool_id/members".
   */
  path: string;
  /** The list's wrapper key ("loadbalancers"; its links go under "loadbalancers_links"). */
  collection: string;
  /** One item's wrapper key ("loadbalancer"). */
  singular: string;
  /** The resource's name in "… not found." messages. */
  label: string;
  procedures: (api: Caller) => CrudProcedures;
  /** The list procedure's input schema: it says how to read each query parameter. */
  listInput: z.ZodType;
  /** The create and update procedures' input schemas: they say which fields are integers (integers.ts). */
  createInput: z.ZodType;
  updateInput: z.ZodType;
  /** The delete procedure's input schema, when a delete takes options in the query (cascade). */
  deleteInput?: z.ZodType;
  /** Where Octavia's body differs from the view the dashboard reads: every item answered passes through it. */
  wire?: (item: object) => object;
  /** The path names an item by its name, not its id (availability zones). */
  keyedBy?: "name";
  /** The list's links key where Octavia's is not `${collection}_links`. */
  linksKey?: string;
}

/**
 * Octavia answers a listener with no allowed_cidrs null, where the dashboard reads an empty list,
 * and its insert_headers values as strings ("true"), where the dashboard reads booleans: its
 * type is a dict of strings, and clients decode it as one.
 */
function listenerWire(item: object): object {
  const { allowed_cidrs, insert_headers } = item as { allowed_cidrs?: string[]; insert_headers?: Record<string, unknown> | null };
  return {
    ...item,
    ...(allowed_cidrs?.length === 0 ? { allowed_cidrs: null } : {}),
    ...(insert_headers ? { insert_headers: Object.fromEntries(Object.entries(insert_headers).map(([key, value]) => [key, String(value).toLowerCase()])) } : {}),
  };
}

export const OCTAVIA_RESOURCES: readonly OctaviaResource[] = [
  {
    path: "lbaas/loadbalancers",
    collection: "loadbalancers",
    singular: "loadbalancer",
    label: "Load Balancer",
    procedures: (api) => api.loadBalancer,
    listInput: loadBalancerListInput,
    createInput: loadBalancerCreateInput,
    updateInput: loadBalancerUpdateInput,
    deleteInput: loadBalancerDeleteInput,
  },
  {
    path: "lbaas/listeners",
    collection: "listeners",
    singular: "listener",
    label: "Listener",
    procedures: (api) => api.listener,
    listInput: listenerListInput,
    createInput: listenerCreateInput,
    updateInput: listenerUpdateInput,
    wire: listenerWire,
  },
  {
    path: "lbaas/pools",
    collection: "pools",
    singular: "pool",
    label: "Pool",
    procedures: (api) => api.pool,
    listInput: poolListInput,
    createInput: poolCreateInput,
    updateInput: poolUpdateInput,
  },
  {
    path: "lbaas/pools/:pool_id/members",
    collection: "members",
    singular: "member",
    label: "Member",
    procedures: (api) => api.member,
    listInput: memberListInput,
    createInput: memberCreateInput,
    updateInput: memberUpdateInput,
  },
  {
    path: "lbaas/healthmonitors",
    collection: "healthmonitors",
    singular: "healthmonitor",
    label: "Health Monitor",
    procedures: (api) => api.healthMonitor,
    listInput: healthMonitorListInput,
    createInput: healthMonitorCreateInput,
    updateInput: healthMonitorUpdateInput,
  },
  {
    path: "lbaas/l7policies",
    collection: "l7policies",
    singular: "l7policy",
    label: "L7 Policy",
    procedures: (api) => api.l7Policy,
    listInput: l7PolicyListInput,
    createInput: l7PolicyCreateInput,
    updateInput: l7PolicyUpdateInput,
  },
  {
    // Rules live under their policy only; the wrappers are Octavia's "rule" and "rules".
    path: "lbaas/l7policies/:l7policy_id/rules",
    collection: "rules",
    singular: "rule",
    label: "L7 Rule",
    procedures: (api) => api.l7Rule,
    listInput: l7RuleListInput,
    createInput: l7RuleCreateInput,
    updateInput: l7RuleUpdateInput,
  },
  {
    path: "lbaas/flavorprofiles",
    collection: "flavorprofiles",
    singular: "flavorprofile",
    // Octavia's own spelling.
    linksKey: "flavorprofile_links",
    label: "Flavor profile",
    procedures: (api) => api.flavorProfile,
    listInput: flavorProfileListInput,
    createInput: flavorProfileCreateInput,
    updateInput: flavorProfileUpdateInput,
  },
  {
    path: "lbaas/flavors",
    collection: "flavors",
    singular: "flavor",
    label: "Flavor",
    procedures: (api) => api.flavor,
    listInput: flavorListInput,
    createInput: flavorCreateInput,
    updateInput: flavorUpdateInput,
  },
  {
    path: "lbaas/availabilityzoneprofiles",
    collection: "availability_zone_profiles",
    singular: "availability_zone_profile",
    // Octavia's own spelling.
    linksKey: "availability_zone_profile_links",
    label: "Availability Zone Profile",
    procedures: (api) => api.availabilityZoneProfile,
    listInput: availabilityZoneProfileListInput,
    createInput: availabilityZoneProfileCreateInput,
    updateInput: availabilityZoneProfileUpdateInput,
  },
  {
    path: "lbaas/availabilityzones",
    collection: "availability_zones",
    singular: "availability_zone",
    keyedBy: "name",
    label: "Availability Zone",
    procedures: (api) => api.availabilityZone,
    listInput: availabilityZoneListInput,
    createInput: availabilityZoneCreateInput,
    updateInput: availabilityZoneUpdateInput,
  },
];
