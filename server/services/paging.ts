import { and, arrayContains, arrayOverlaps, asc, desc, eq, getTableColumns, getTableName, isNull, ne, not, type SQL, sql } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import type { healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, pools } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ValidationError } from "@/server/kernel/errors";
import { MAX_PAGE_LIMIT, type PageInput } from "./schemas/paging";

// Octavia's list query semantics (octavia/api/common/pagination.py) over one resource table, for
// every list procedure: filters, sort ("sort" or "sort_key"/"sort_dir"), limit and marker, page
// direction. Two departures, both for correctness: the sort (with created_at and id appended)
// orders by the same expressions the marker is compared with, NULLs included, so a page never
// repeats or skips a row; and page_reverse reads backwards from the marker and turns the rows
// round, so "previous" is the page just before, not the first one.

type ResourceTable =
  | typeof loadBalancers
  | typeof listeners
  | typeof pools
  | typeof members
  | typeof healthMonitors
  | typeof l7policies
  | typeof l7rules;

export interface Page<T> {
  items: T[];
  /** The marker of the next page, or null on the last one. */
  next_marker: string | null;
  /** The marker of the previous page (ask with page_reverse), or null on the first one. */
  previous_marker: string | null;
}

export type SortDirection = "asc" | "desc";
export interface SortKey {
  key: string;
  dir: SortDirection;
}

const DEFAULT_SORT_DIR: SortDirection = "asc";
/** Appended when absent, as Octavia does: created_at for the natural order, id so no two rows tie. */
const DEFAULT_SORT_KEYS = ["created_at", "id"] as const;

const invalidSortKey = (key: string) => new ValidationError(`Supplied sort key '${key}' is not valid.`, "sort");
const invalidMarker = (marker: string) => new ValidationError(`Supplied pagination marker '${marker}' is not valid.`, "marker");

function sortDirection(text: string): SortDirection {
  const dir = text.toLowerCase();
  if (dir !== "asc" && dir !== "desc") throw new ValidationError(`Supplied sort direction '${dir}' is not valid.`, "sort");
  return dir;
}

/**
 * The sort asked for, as Octavia reads it: `sort` ("name:asc,created_at") wins over `sort_key`
 * and `sort_dir` (missing directions default to asc, surplus ones are ignored); then created_at
 * and id are appended unless named. Directions are checked before keys, as in Octavia.
 */
export function parseSort(input: Pick<PageInput, "sort" | "sort_key" | "sort_dir">, allowed: ReadonlySet<string>): SortKey[] {
  const asked: SortKey[] = [];
  if (input.sort) {
    for (const part of input.sort.split(",")) {
      const comps = part.split(":");
      if (comps.length > 2) throw invalidSortKey(part);
      asked.push({ key: comps[0] ?? "", dir: comps[1] === undefined ? DEFAULT_SORT_DIR : sortDirection(comps[1]) });
    }
  } else if (input.sort_key) {
    const dirs = input.sort_dir ? input.sort_dir.split(",") : [];
    input.sort_key.split(",").forEach((key, i) => {
      const dir = dirs[i];
      asked.push({ key, dir: dir === undefined ? DEFAULT_SORT_DIR : sortDirection(dir) });
    });
  }
  for (const { key } of asked) if (!allowed.has(key)) throw invalidSortKey(key);
  // A key named twice sorts by its first mention; the second could never break a tie.
  const keys = asked.filter((k, i) => asked.findIndex((o) => o.key === k.key) === i);
  for (const key of DEFAULT_SORT_KEYS) if (!keys.some((k) => k.key === key)) keys.push({ key, dir: DEFAULT_SORT_DIR });
  return keys;
}

/** What a NULL sorts as (Octavia's stand-ins), so NULLs have one place in the order and compare. */
const NULL_STAND_IN: Record<string, SQL> = {
  PgText: sql`''`,
  PgInteger: sql`0`,
  PgUUID: sql`'00000000-0000-0000-0000-000000000000'::uuid`,
};

/** The expression a key sorts by: IP addresses in numeric order, NULL as its type's stand-in. */
function sortExpression(column: PgColumn, isAddress: boolean): SQL | PgColumn {
  const value = isAddress ? sql`${column}::inet` : column;
  if (column.notNull) return value;
  if (isAddress) return sql`coalesce(${value}, '0.0.0.0'::inet)`;
  const standIn = NULL_STAND_IN[column.columnType];
  if (!standIn) throw new Error(`no NULL stand-in for sorting by ${column.name} (${column.columnType})`);
  return sql`coalesce(${value}, ${standIn})`;
}

/**
 * The rows after the marker in the (possibly reversed) order: for keys k1..kn, (k1 > m1) or
 * (k1 = m1 and k2 > m2) or ..., with < for a descending key. When every key goes the same way
 * it is one row comparison, which an index on the keys can serve.
 */
function afterMarker(keys: { row: SQL | PgColumn; marker: SQL | PgColumn; dir: SortDirection }[]): SQL {
  const op = (dir: SortDirection) => sql.raw(dir === "asc" ? ">" : "<");
  const [first] = keys;
  if (first && keys.every((k) => k.dir === first.dir)) {
    const rows = sql.join(keys.map((k) => sql`${k.row}`), sql`, `);
    const marks = sql.join(keys.map((k) => sql`${k.marker}`), sql`, `);
    return sql`(${rows}) ${op(first.dir)} (${marks})`;
  }
  const branches = keys.map((k, i) =>
    and(...keys.slice(0, i).map((prev) => sql`${prev.row} = ${prev.marker}`), sql`${k.row} ${op(k.dir)} ${k.marker}`),
  );
  return sql`(${sql.join(branches.map((b) => sql`(${b})`), sql` or `)})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ListOptions {
  /** The input fields that are equality filters: the resource's own columns, named as in the API. */
  filters: readonly string[];
  /** Columns holding IP addresses: sorted as addresses, not as text. */
  addresses?: readonly string[];
  /** Further conditions (a search), on the resource table. */
  where?: (SQL | undefined)[];
  /** Whose rows: the caller's project (the default), another project's, or null for every project (admins). */
  projectId?: string | null;
}

/**
 * One page of the caller's project's rows of `table` (DELETED ones never show): one query, plus
 * one more only when a page after a marker comes back empty (to tell "no more rows" from an
 * unknown marker). Sortable keys: the filters, created_at and updated_at.
 */
export async function listPage<T extends ResourceTable>(
  ctx: ServiceContext,
  table: T,
  input: PageInput & Record<string, unknown>,
  options: ListOptions,
): Promise<Page<T["$inferSelect"]>> {
  // Drizzle cannot build a query over a union of tables; every member has these columns.
  const t = table as unknown as typeof loadBalancers;
  const columns = getTableColumns(t) as unknown as Record<string, PgColumn>;
  const column = (key: string) => {
    const c = columns[key];
    if (!c) throw new Error(`${key} is not a column of ${getTableName(t)}`);
    return c;
  };
  const allowed = new Set([...options.filters, "id", "created_at", "updated_at"]);
  const sortKeys = parseSort(input, allowed);
  const addresses = new Set(options.addresses ?? []);
  const reverse = input.page_reverse === true;
  const limit = input.limit === undefined ? undefined : Math.min(input.limit, MAX_PAGE_LIMIT);
  const marker = input.marker;
  if (marker !== undefined && !UUID.test(marker)) throw invalidMarker(marker);

  const projectId = options.projectId === undefined ? ctx.projectId : options.projectId;
  const inScope = (projectColumn: PgColumn) => (projectId === null ? undefined : eq(projectColumn, projectId));
  const conditions: (SQL | undefined)[] = [inScope(t.project_id), ne(t.provisioning_status, "DELETED"), ...(options.where ?? [])];
  for (const key of options.filters) {
    const value = input[key];
    if (value === undefined) continue;
    conditions.push(value === null ? isNull(column(key)) : eq(column(key), value));
  }
  conditions.push(...tagConditions(t.tags, input));

  // Reading backwards is reading forwards in the opposite order; the rows are turned round after.
  const direction = (dir: SortDirection): SortDirection => (reverse ? (dir === "asc" ? "desc" : "asc") : dir);
  const order = sortKeys.map((k) => ({ expr: sortExpression(column(k.key), addresses.has(k.key)), key: k.key, dir: direction(k.dir) }));

  // The marker row joins in under an alias, so its sort values are compared inside the database
  // (microsecond timestamps never pass through JavaScript). An unknown marker joins no row.
  const m = alias(t, "marker");
  const markerColumns = m as unknown as Record<string, PgColumn>;
  const base = ctx.db.select(getTableColumns(t)).from(t).$dynamic();
  const joined = marker === undefined ? base : base.innerJoin(m, and(eq(m.id, marker), inScope(m.project_id)));
  if (marker !== undefined) {
    conditions.push(
      afterMarker(
        order.map((o) => ({
          row: o.expr,
          marker: sortExpression(markerColumns[o.key] as PgColumn, addresses.has(o.key)),
          dir: o.dir,
        })),
      ),
    );
  }
  const sorted = joined.where(and(...conditions)).orderBy(...order.map((o) => (o.dir === "asc" ? asc(o.expr) : desc(o.expr))));
  // One row more than the page says whether another page follows.
  const query = limit === undefined ? sorted : sorted.limit(limit + 1);
  const rows = (await query) as T["$inferSelect"][];

  if (rows.length === 0 && marker !== undefined) {
    const [found] = await ctx.db.select({ id: t.id }).from(t).where(and(eq(t.id, marker), inScope(t.project_id)));
    if (!found) throw invalidMarker(marker);
  }
  const more = limit !== undefined && rows.length > limit;
  const taken = more ? rows.slice(0, limit) : rows;
  const items = reverse ? taken.reverse() : taken;
  const first = items[0]?.id ?? null;
  const last = items.at(-1)?.id ?? null;
  // Forwards: a next page if more rows came, a previous one if we came from a marker. Backwards,
  // the other way round. Without a limit there is one page and no marker.
  return reverse
    ? { items, previous_marker: more ? first : null, next_marker: marker !== undefined ? last : null }
    : { items, next_marker: more ? last : null, previous_marker: marker !== undefined ? first : null };
}

/** Octavia's four tag filters; an empty list filters nothing. */
function tagConditions(tags: PgColumn, input: PageInput): (SQL | undefined)[] {
  const given = (list: string[] | undefined) => (list && list.length > 0 ? list : null);
  const all = given(input.tags);
  const any = given(input["tags-any"]);
  const notAll = given(input["not-tags"]);
  const notAny = given(input["not-tags-any"]);
  return [
    all ? arrayContains(tags, all) : undefined,
    any ? arrayOverlaps(tags, any) : undefined,
    notAll ? not(arrayContains(tags, notAll)) : undefined,
    notAny ? not(arrayOverlaps(tags, notAny)) : undefined,
  ];
}

/** The same page with its rows turned into API views (which may read the page's children). */
export async function mapPage<A, B>(page: Page<A>, view: (rows: A[]) => B[] | Promise<B[]>): Promise<Page<B>> {
  return { ...page, items: await view(page.items) };
}

/** A LIKE pattern matching `text` anywhere (or at the start), with its own % and _ taken literally. */
export function likePattern(text: string, where: "contains" | "prefix" = "contains"): string {
  // Backslash is LIKE's default escape character in PostgreSQL.
  const escaped = text.replace(/[\\%_]/g, "\\$&");
  return where === "prefix" ? `${escaped}%` : `%${escaped}%`;
}
