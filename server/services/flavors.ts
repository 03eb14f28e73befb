import { asc, count, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { flavorProfiles, flavors, loadBalancers } from "@/db/schema";
import type { LbTopology } from "@/db/schema/enums";
import { FLAVOR as COMPUTE_FLAVOR } from "@/server/cloud/compute-flavor";
import type { ServiceContext } from "@/server/kernel/context";
import { conflictOnDuplicate } from "@/server/kernel/db-errors";
import { ConflictError, NotFoundError, UnsupportedOptionError, ValidationError } from "@/server/kernel/errors";
import { allOf, idFilter, inUse, onePage, profileService } from "./profiles";
import { type KeyRule, parseProviderData } from "./provider-data";
import type { flavorCreateInput, flavorListInput, flavorProfileCreateInput, flavorProfileListInput, flavorProfileUpdateInput, flavorUpdateInput } from "./schemas/flavor";

// Octavia's flavors (API 2.6): an admin's flavor profile says what a flavor means to the provider
// (for amphorae, the load balancer's topology and the compute flavor of its amphorae), and a
// flavor names a profile. A project picks a flavor when it creates a load balancer; the profile's
// data is checked again then, as Octavia does, and fixes the load balancer's topology.

type FlavorRow = typeof flavors.$inferSelect;

/** What the amphora provider takes in flavor_data (Octavia's amphora driver schema), with its descriptions (the capabilities list). */
export const AMPHORA_FLAVOR_KEYS: Readonly<Record<string, { rule: KeyRule; description: string }>> = {
  loadbalancer_topology: {
    // Octavia's SUPPORTED_LB_TOPOLOGIES, in its order (jsonschema's message lists them so).
    rule: { oneOf: ["ACTIVE_STANDBY", "SINGLE"] },
    description: "The load balancer topology. One of: SINGLE - One amphora per load balancer. ACTIVE_STANDBY - Two amphora per load balancer.",
  },
  compute_flavor: { rule: "string", description: "The compute driver flavor ID." },
  amp_image_tag: { rule: "string", description: "The amphora image tag." },
  sriov_vip: { rule: "boolean", description: "When true, the VIP port will be created using an SR-IOV VF port." },
  allow_member_sriov: { rule: "boolean", description: "When true, users can request a member port be SR-IOV enabled at member creation time." },
};

const FLAVOR_KEY_RULES = Object.fromEntries(Object.entries(AMPHORA_FLAVOR_KEYS).map(([key, { rule }]) => [key, rule]));

/** Topologies the amphorae of this cloud run today. */
const SERVED_TOPOLOGIES: readonly LbTopology[] = ["SINGLE"];

/** What a flavor makes of a load balancer. */
export interface FlavorSettings {
  topology: LbTopology;
}

/**
 * Checks flavor_data as Octavia's amphora driver does (its schema, then that the compute flavor
 * and image exist), and refuses up front what this cloud cannot honour, so that no flavor is made
 * that every load balancer would fail on.
 */
export function parseFlavorData(provider: string, text: string): FlavorSettings {
  const data = parseProviderData(provider, text, "flavor_data", FLAVOR_KEY_RULES);
  const unsupported = (message: string) => new UnsupportedOptionError(`Provider '${provider}' does not support a requested option: ${message}`, "flavor_data");
  const topology = (data.loadbalancer_topology as LbTopology | undefined) ?? "SINGLE";
  if (!SERVED_TOPOLOGIES.includes(topology)) throw unsupported(`loadbalancer_topology ${topology} is not available on this cloud yet (its amphorae run SINGLE)`);
  // Octavia checks a compute flavor or image tag only when one is given (an empty string is none).
  if (data.compute_flavor && data.compute_flavor !== COMPUTE_FLAVOR.id) {
    throw new ValidationError(`Nova flavor ${String(data.compute_flavor)} not found.`, "flavor_data");
  }
  if (data.amp_image_tag) {
    // Amphorae here are processes, not images booted by Nova: no image carries a tag.
    throw new ValidationError(`Failed to find an image with tag ${String(data.amp_image_tag)} due to: this cloud has no amphora images`, "flavor_data");
  }
  for (const key of ["sriov_vip", "allow_member_sriov"] as const) {
    if (data[key] === true) throw unsupported(`${key} True: this cloud has no SR-IOV ports`);
  }
  return { topology };
}

const flavorsUsing = async (db: Db, profileId: string) => (await db.select({ n: count() }).from(flavors).where(eq(flavors.flavor_profile_id, profileId)))[0]?.n ?? 0;

const profiles = profileService({
  table: flavorProfiles,
  dataField: "flavor_data",
  object: "Flavor profile",
  parse: parseFlavorData,
  usedBy: flavorsUsing,
});

export const listFlavorProfiles = (ctx: ServiceContext, filters: z.infer<typeof flavorProfileListInput> = {}) => profiles.list(ctx, filters);
export const getFlavorProfile = profiles.get;
export const createFlavorProfile = (ctx: ServiceContext, input: z.infer<typeof flavorProfileCreateInput>) => profiles.create(ctx, input);
export const updateFlavorProfile = (ctx: ServiceContext, input: z.infer<typeof flavorProfileUpdateInput>) => profiles.update(ctx, input);
export const deleteFlavorProfile = profiles.delete;

const flavorView = (row: FlavorRow) => ({ id: row.id, name: row.name, description: row.description, enabled: row.enabled, flavor_profile_id: row.flavor_profile_id });

export async function listFlavors(ctx: ServiceContext, filters: z.infer<typeof flavorListInput> = {}) {
  const rows = await ctx.db
    .select()
    .from(flavors)
    .where(
      allOf([
        idFilter(flavors.id, filters.id),
        filters.name !== undefined ? eq(flavors.name, filters.name) : undefined,
        filters.enabled !== undefined ? eq(flavors.enabled, filters.enabled) : undefined,
        filters.flavor_profile_id !== undefined ? eq(flavors.flavor_profile_id, filters.flavor_profile_id) : undefined,
      ]),
    )
    .orderBy(asc(flavors.created_at), asc(flavors.id));
  return onePage(rows.map(flavorView));
}

/** The flavor; locked when it is about to change or go (a load balancer's create share-locks it too). */
async function findFlavor(db: Db, id: string, lock?: "update"): Promise<FlavorRow> {
  const query = db.select().from(flavors).where(eq(flavors.id, id));
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw new NotFoundError("Flavor", id);
  return row;
}

export async function getFlavor(ctx: ServiceContext, id: string) {
  return flavorView(await findFlavor(ctx.db, id));
}

const alreadyExists = (name: string) => new ConflictError(`A flavor of ${name} already exists.`);

export async function createFlavor(ctx: ServiceContext, input: z.infer<typeof flavorCreateInput>) {
  return ctx.db.transaction(async (db) => {
    await profiles.requireForUse(db, input.flavor_profile_id, "flavor_profile_id");
    const [row] = await db
      .insert(flavors)
      .values({ ...input, description: input.description ?? null, enabled: input.enabled ?? true })
      .onConflictDoNothing()
      .returning();
    if (!row) throw alreadyExists(input.name);
    return flavorView(row);
  });
}

export async function updateFlavor(ctx: ServiceContext, input: z.infer<typeof flavorUpdateInput>) {
  const { id, ...change } = input;
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  return ctx.db.transaction(async (db) => {
    const current = await findFlavor(db, id, "update");
    if (Object.keys(set).length === 0) return flavorView(current);
    if (change.name !== undefined && change.name !== current.name) {
      const [taken] = await db.select({ id: flavors.id }).from(flavors).where(eq(flavors.name, change.name));
      if (taken) throw alreadyExists(change.name);
    }
    // Two renames to one name at once: the unique index decides, with the same answer.
    const [row] = await conflictOnDuplicate(() => db.update(flavors).set(set).where(eq(flavors.id, id)).returning(), {
      flavors_name_unique: alreadyExists(change.name ?? current.name).message,
    });
    return flavorView(row ?? current);
  });
}

export async function deleteFlavor(ctx: ServiceContext, id: string) {
  await ctx.db.transaction(async (db) => {
    // Locked: a load balancer created meanwhile share-locks it (flavorSettingsFor), so one of the two waits.
    await findFlavor(db, id, "update");
    const [used] = await db.select({ id: loadBalancers.id }).from(loadBalancers).where(eq(loadBalancers.flavor_id, id)).limit(1);
    if (used) throw inUse("Flavor", id);
    await db.delete(flavors).where(eq(flavors.id, id));
  });
  return { id };
}

/**
 * A load balancer's flavor_id on create (Octavia's checks and messages): it must name an enabled
 * flavor whose profile the provider still accepts; what the flavor makes of the load balancer.
 */
export async function flavorSettingsFor(db: Db, flavorId: string | undefined): Promise<FlavorSettings> {
  if (flavorId === undefined) return { topology: "SINGLE" };
  const [row] = await db
    .select({ enabled: flavors.enabled, provider: flavorProfiles.provider_name, data: flavorProfiles.flavor_data })
    .from(flavors)
    .innerJoin(flavorProfiles, eq(flavorProfiles.id, flavors.flavor_profile_id))
    .where(eq(flavors.id, flavorId))
    // Neither may change or go while the load balancer that names the flavor is written.
    .for("share");
  if (!row) throw new ValidationError("Validation failure: Invalid flavor_id.", "flavor_id");
  if (!row.enabled) throw new ValidationError(`The selected flavor is not allowed in this deployment: ${flavorId}`, "flavor_id");
  return parseFlavorData(row.provider, row.data);
}
