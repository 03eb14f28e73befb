import type { z } from "zod";
import { isUuid } from "./http";

// Query strings for the REST lists. A list procedure's zod schema says what each parameter is,
// so the strings are turned into what it expects (numbers, booleans, lists) and the schema then
// judges them with its own messages. `fields=` is the REST layer's own: it picks the fields shown.

type Kind = "number" | "boolean" | "array" | "uuid" | "other";

interface Def {
  type: string;
  format?: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => schema.def as unknown as Def;

/** The schema under optional/nullable/default wrappers. */
function bare(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = defOf(current); def.innerType && ["optional", "nullable", "default"].includes(def.type); def = defOf(current)) current = def.innerType;
  return current;
}

function kindOf(schema: z.ZodType | undefined): Kind {
  if (!schema) return "other";
  const def = defOf(bare(schema));
  if (def.type === "number" || def.type === "boolean" || def.type === "array") return def.type;
  return def.type === "string" && def.format === "uuid" ? "uuid" : "other";
}

/** The object shape of a (possibly optional) object schema. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const shape = defOf(bare(schema)).shape;
  if (!shape) throw new Error("a list schema must be an object");
  return shape;
}

export interface ParsedQuery {
  /** The parameters as the schema's types (what it cannot read stays a string for it to refuse). */
  input: Record<string, unknown>;
  /** `fields=` (repeated or comma-separated): the only fields to show, or null for all. */
  fields: string[] | null;
  /**
   * An id filter that is not a UUID: no row can match, so the list is empty (what the CLI's
   * name-or-id lookup expects when it tries a name as an id).
   */
  matchesNothing: boolean;
}

const splitList = (values: string[]) => values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

export function parseQuery(params: URLSearchParams, schema: z.ZodType | null): ParsedQuery {
  const shape = schema ? shapeOf(schema) : {};
  const input: Record<string, unknown> = {};
  let fields: string[] | null = null;
  let matchesNothing = false;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (key === "fields") {
      fields = splitList(values);
      continue;
    }
    const last = values.at(-1) ?? "";
    switch (kindOf(shape[key])) {
      case "array":
        input[key] = splitList(values);
        break;
      case "number":
        input[key] = /^-?\d+$/.test(last) ? Number(last) : last;
        break;
      case "boolean":
        input[key] = /^(true|false)$/i.test(last) ? last.toLowerCase() === "true" : last;
        break;
      case "uuid":
        if (isUuid(last)) input[key] = last;
        else matchesNothing = true;
        break;
      default:
        input[key] = last;
    }
  }
  return { input, fields, matchesNothing };
}

/** Only the fields asked for (in the item's order); all of them when none were asked for. */
export function selectFields<T extends object>(item: T, fields: string[] | null): Partial<T> {
  if (!fields) return item;
  return Object.fromEntries(Object.entries(item).filter(([key]) => fields.includes(key))) as Partial<T>;
}

/**
 * Equality filters applied here, for the collections whose procedures have none (Neutron's,
 * amphorae): each parameter names a field, a repeated one matches any of its values, booleans
 * match in any case (`True`), and a field the items do not have matches nothing.
 */
export function filterItems<T extends object>(items: T[], params: URLSearchParams, skip: readonly string[] = []): T[] {
  const keys = [...new Set(params.keys())].filter((k) => k !== "fields" && !skip.includes(k));
  return items.filter((item) =>
    keys.every((key) => {
      if (!(key in item)) return false;
      const value = (item as Record<string, unknown>)[key];
      const text = value === null || value === undefined ? "" : String(value);
      return params.getAll(key).some((wanted) => (typeof value === "boolean" ? wanted.toLowerCase() === text : wanted === text));
    }),
  );
}
