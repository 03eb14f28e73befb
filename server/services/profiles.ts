import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { ServiceContext } from "@/server/kernel/context";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import type { Page } from "./paging";

// Octavia's provider profiles, one set of rules for both kinds: a flavor profile and an
// availability zone profile are each an admin's named JSON for a provider, checked by the
// provider when written, and not changed under a flavor or zone that names it (Octavia's
// ObjectInUse). Only the data field's name and what uses a profile differ.

/** The columns every profile table has besides its data (named by the spec's dataField). */
interface ProfileColumns {
  id: PgColumn;
  name: PgColumn;
  provider_name: PgColumn;
  created_at: PgColumn;
}

export interface ProfileSpec<DataField extends string> {
  table: PgTable & ProfileColumns;
  /** Octavia's name for the data: flavor_data, availability_zone_data. */
  dataField: DataField;
  /** The name in Octavia's messages: "Flavor profile", "Availability Zone Profile". */
  object: string;
  /** Checks the data for the provider (throws Octavia's errors). */
  parse(provider: string, text: string): unknown;
  /** How many flavors or zones name the profile. */
  usedBy(db: Db, id: string): Promise<number>;
}

export type ProfileView<DataField extends string> = { id: string; name: string; provider_name: string } & Record<DataField, string>;

export interface ProfileListFilters {
  id?: string;
  name?: string;
  provider_name?: string;
}

type ProfileChange<DataField extends string> = { id: string; name?: string | null; provider_name?: string | null } & Partial<Record<DataField, string | null>>;

/** Every item on one page: there are a handful of profiles, not thousands. */
export const onePage = <T>(items: T[]): Page<T> => ({ items, next_marker: null, previous_marker: null });

export const allOf = (conditions: (SQL | undefined)[]) => and(...conditions.filter((c) => c !== undefined));

export const inUse = (object: string, id: string) => new ConflictError(`${object} ${id} is in use and cannot be modified.`);

/** An id filter that is not a UUID names nothing (and must not reach a uuid comparison). */
export const idFilter = (column: PgColumn, id: string | undefined) =>
  id === undefined ? undefined : z.uuid().safeParse(id).success ? eq(column, id) : sql`false`;

/** The list, show, create, update and delete of one kind of profile. */
export function profileService<DataField extends string>(spec: ProfileSpec<DataField>) {
  type View = ProfileView<DataField>;
  const { table, dataField, object } = spec;
  // Drizzle's types cannot tie the data field to a column of a table given generically: checked once, here.
  if (!(dataField in table)) throw new Error(`${object}: the table has no column ${dataField}`);
  const view = (row: Record<string, unknown>): View =>
    ({ id: row.id, name: row.name, provider_name: row.provider_name, [dataField]: row[dataField] }) as View;

  /**
   * The profile, locked where a flavor or zone is about to rely on it or it is about to change
   * (`for`): a profile's foreign-key check alone does not conflict with an update of its data, so
   * "in use, cannot be modified" holds only if both sides take the row's lock.
   */
  async function find(db: Db, id: string, lock?: "update" | "share"): Promise<View> {
    const query = db.select().from(table as PgTable).where(eq(table.id, id));
    const [row] = lock ? await query.for(lock) : await query;
    if (!row) throw new NotFoundError(object, id);
    return view(row);
  }

  /** What an UPDATE … RETURNING answered: nothing means the row went meanwhile (404, not a crash). */
  const returned = (id: string, rows: unknown[]): View => {
    if (!rows[0]) throw new NotFoundError(object, id);
    return view(rows[0] as Record<string, unknown>);
  };

  return {
    /**
     * The profile a new flavor or zone names, share-locked until that is written; Octavia's 400
     * ("Validation failure: Invalid <field>.") when there is none.
     */
    async requireForUse(db: Db, id: string, field: string): Promise<View> {
      try {
        return await find(db, id, "share");
      } catch (err) {
        if (err instanceof NotFoundError) throw new ValidationError(`Validation failure: Invalid ${field}.`, field);
        throw err;
      }
    },
    async list(ctx: ServiceContext, filters: ProfileListFilters = {}): Promise<Page<View>> {
      const rows = await ctx.db
        .select()
        .from(table as PgTable)
        .where(
          allOf([
            idFilter(table.id, filters.id),
            filters.name !== undefined ? eq(table.name, filters.name) : undefined,
            filters.provider_name !== undefined ? eq(table.provider_name, filters.provider_name) : undefined,
          ]),
        )
        .orderBy(asc(table.created_at), asc(table.id));
      return onePage(rows.map(view));
    },
    get: (ctx: ServiceContext, id: string) => find(ctx.db, id),
    async create(ctx: ServiceContext, input: { name: string; provider_name: string } & Record<DataField, string>): Promise<View> {
      spec.parse(input.provider_name, input[dataField]);
      const [row] = await ctx.db.insert(table).values(input).returning();
      return view(row as Record<string, unknown>);
    },
    async update(ctx: ServiceContext, input: ProfileChange<DataField>): Promise<View> {
      const { id, ...change } = input as { id: string } & Record<string, string | null | undefined>;
      // Octavia: a field given as null is "None is not a valid option"; what a flavor or zone relies on is not changed under it.
      for (const field of ["name", "provider_name", dataField]) {
        if (change[field] === null) throw new ValidationError(`None is not a valid option for ${field}`, field);
      }
      return ctx.db.transaction(async (db) => {
        const current = await find(db, id, "update");
        if ((change[dataField] !== undefined || change.provider_name !== undefined) && (await spec.usedBy(db, id)) > 0) throw inUse(object, id);
        spec.parse(change.provider_name ?? current.provider_name, change[dataField] ?? current[dataField]);
        const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
        if (Object.keys(set).length === 0) return current;
        return returned(id, await db.update(table).set(set).where(eq(table.id, id)).returning());
      });
    },
    async delete(ctx: ServiceContext, id: string): Promise<{ id: string }> {
      await ctx.db.transaction(async (db) => {
        await find(db, id, "update");
        if ((await spec.usedBy(db, id)) > 0) throw inUse(object, id);
        await db.delete(table).where(eq(table.id, id));
      });
      return { id };
    },
  };
}
