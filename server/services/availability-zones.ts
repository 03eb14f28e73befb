import { asc, count, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { availabilityZoneProfiles, availabilityZones, loadBalancers } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { allOf, inUse, onePage, profileService } from "./profiles";
import { type KeyRule, parseProviderData } from "./provider-data";
import type {
  availabilityZoneCreateInput,
  availabilityZoneListInput,
  availabilityZoneProfileCreateInput,
  availabilityZoneProfileListInput,
  availabilityZoneProfileUpdateInput,
  availabilityZoneUpdateInput,
} from "./schemas/availability-zone";

// Octavia's availability zones (API 2.14): an admin's profile says what a zone means to the
// provider (for amphorae, `compute_zone`: the zone of the amphora hosts that may take them), and
// a zone names a profile. A load balancer created in a zone has its amphorae placed only on
// hosts of that compute zone (amphora-hosts.ts). Octavia's messages throughout.

type ZoneRow = typeof availabilityZones.$inferSelect;

/** What the amphora provider takes in availability_zone_data (Octavia's amphora driver schema). */
const AMPHORA_ZONE_KEYS: Record<string, KeyRule> = {
  compute_zone: "string",
  volume_zone: "string",
  management_network: "string",
  valid_vip_networks: "array",
};

const parseZoneData = (provider: string, text: string) => parseProviderData(provider, text, "availability_zone_data", AMPHORA_ZONE_KEYS);

const zonesUsing = async (db: Db, profileId: string) =>
  (await db.select({ n: count() }).from(availabilityZones).where(eq(availabilityZones.availability_zone_profile_id, profileId)))[0]?.n ?? 0;

const profiles = profileService({
  table: availabilityZoneProfiles,
  dataField: "availability_zone_data",
  object: "Availability Zone Profile",
  parse: parseZoneData,
  usedBy: zonesUsing,
});

const zoneView = (row: ZoneRow) => ({ name: row.name, description: row.description, enabled: row.enabled, availability_zone_profile_id: row.availability_zone_profile_id });

export const listAvailabilityZoneProfiles = (ctx: ServiceContext, filters: z.infer<typeof availabilityZoneProfileListInput> = {}) => profiles.list(ctx, filters);
export const getAvailabilityZoneProfile = profiles.get;
export const createAvailabilityZoneProfile = (ctx: ServiceContext, input: z.infer<typeof availabilityZoneProfileCreateInput>) => profiles.create(ctx, input);
export const updateAvailabilityZoneProfile = (ctx: ServiceContext, input: z.infer<typeof availabilityZoneProfileUpdateInput>) => profiles.update(ctx, input);
export const deleteAvailabilityZoneProfile = profiles.delete;

export async function listAvailabilityZones(ctx: ServiceContext, filters: z.infer<typeof availabilityZoneListInput> = {}) {
  const rows = await ctx.db
    .select()
    .from(availabilityZones)
    .where(
      allOf([
        filters.name !== undefined ? eq(availabilityZones.name, filters.name) : undefined,
        filters.enabled !== undefined ? eq(availabilityZones.enabled, filters.enabled) : undefined,
        filters.availability_zone_profile_id !== undefined ? eq(availabilityZones.availability_zone_profile_id, filters.availability_zone_profile_id) : undefined,
      ]),
    )
    .orderBy(asc(availabilityZones.name));
  return onePage(rows.map(zoneView));
}

async function findZone(db: Db, name: string): Promise<ZoneRow> {
  const [row] = await db.select().from(availabilityZones).where(eq(availabilityZones.name, name));
  if (!row) throw new NotFoundError("Availability Zone", name);
  return row;
}

export async function getAvailabilityZone(ctx: ServiceContext, name: string) {
  return zoneView(await findZone(ctx.db, name));
}

export async function createAvailabilityZone(ctx: ServiceContext, input: z.infer<typeof availabilityZoneCreateInput>) {
  return ctx.db.transaction(async (db) => {
    await profiles.requireForUse(db, input.availability_zone_profile_id, "availability_zone_profile_id");
    const [row] = await db
      .insert(availabilityZones)
      .values({ ...input, description: input.description ?? null, enabled: input.enabled ?? true })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`A availability zone of ${input.name} already exists.`);
    return zoneView(row);
  });
}

export async function updateAvailabilityZone(ctx: ServiceContext, input: z.infer<typeof availabilityZoneUpdateInput>) {
  const { name, ...change } = input;
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  return ctx.db.transaction(async (db) => {
    const current = await findZone(db, name);
    if (Object.keys(set).length === 0) return zoneView(current);
    const [row] = await db.update(availabilityZones).set(set).where(eq(availabilityZones.name, name)).returning();
    return zoneView(row!);
  });
}

export async function deleteAvailabilityZone(ctx: ServiceContext, name: string) {
  await ctx.db.transaction(async (db) => {
    await findZone(db, name);
    const [used] = await db.select({ id: loadBalancers.id }).from(loadBalancers).where(eq(loadBalancers.availability_zone, name)).limit(1);
    if (used) throw inUse("Availability Zone", name);
    await db.delete(availabilityZones).where(eq(availabilityZones.name, name));
  });
  return { name };
}

/** A load balancer's availability_zone on create: it must name an enabled zone (Octavia's checks and messages). */
export async function assertZoneUsable(db: Db, name: string): Promise<void> {
  const [zone] = await db.select({ enabled: availabilityZones.enabled }).from(availabilityZones).where(eq(availabilityZones.name, name));
  if (!zone) throw new ValidationError("Validation failure: Invalid availability zone.", "availability_zone");
  if (!zone.enabled) throw new ValidationError(`The selected availability_zone is not allowed in this deployment: ${name}`, "availability_zone");
}

/** The compute zone (the hosts' zone) a load balancer's availability zone places its amphorae in; null: any host. */
export async function computeZoneOf(db: Db, availabilityZone: string | null): Promise<string | null> {
  if (!availabilityZone) return null;
  const [row] = await db
    .select({ provider: availabilityZoneProfiles.provider_name, data: availabilityZoneProfiles.availability_zone_data })
    .from(availabilityZones)
    .innerJoin(availabilityZoneProfiles, eq(availabilityZoneProfiles.id, availabilityZones.availability_zone_profile_id))
    .where(eq(availabilityZones.name, availabilityZone));
  if (!row) return null;
  const zone = parseZoneData(row.provider, row.data).compute_zone;
  return typeof zone === "string" ? zone : null;
}

/**
 * The demo cloud's zones: one per compute zone of this machine's hosts (`az1`, `az2`, …), each
 * with a profile of that compute zone, made once (an admin may change or remove them later).
 */
export async function ensureHostZones(db: Db, zones: string[]): Promise<void> {
  for (const zone of zones) {
    await db.transaction(async (tx) => {
      const [existing] = await tx.select({ name: availabilityZones.name }).from(availabilityZones).where(eq(availabilityZones.name, zone));
      if (existing) return;
      const [profile] = await tx
        .insert(availabilityZoneProfiles)
        .values({ name: `${zone}-profile`, provider_name: "amphora", availability_zone_data: JSON.stringify({ compute_zone: zone }) })
        .returning({ id: availabilityZoneProfiles.id });
      await tx.insert(availabilityZones).values({ name: zone, description: `Amphora hosts of compute zone ${zone}`, availability_zone_profile_id: profile!.id }).onConflictDoNothing();
    });
  }
}
