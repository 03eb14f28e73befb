import type { z } from "zod";
import { RestError } from "../http";

// Octavia's API types (WSME) take an integer field sent as a numeric string ("80") and read it as
// the number; any other string is refused before the request goes further. Which fields are
// integers is the procedure's own schema's to say: this walks it (through optional, nullable and
// default wrappers, into objects and arrays, so a graph create's listeners are read too).

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
const defOf = (schema: z.ZodType) => schema.def as unknown as Def;

function bare(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = defOf(current); def.innerType && ["optional", "nullable", "default", "nonoptional", "readonly"].includes(def.type); def = defOf(current)) {
    current = def.innerType;
  }
  return current;
}

const isInteger = (schema: z.ZodType) => defOf(schema).type === "number" && (schema as { isInt?: boolean }).isInt === true;

/**
 * WSME's words for a value its integer type cannot read: its InvalidInput around Python's int()
 * error. (WSME names the whole body argument and prints the body as a Python dict; this names
 * the field and its value, which is what a caller needs.)
 */
const notAnInteger = (field: string, value: string) =>
  new RestError(400, `Invalid input for field/attribute ${field}. Value: '${value}'. invalid literal for int() with base 10: '${value}'`);

function coerce(schema: z.ZodType, value: unknown, field: string): unknown {
  const inner = bare(schema);
  const def = defOf(inner);
  if (isInteger(inner) && typeof value === "string") {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) throw notAnInteger(field, value);
    return Number(value);
  }
  if (def.type === "array" && def.element && Array.isArray(value)) return value.map((item) => coerce(def.element as z.ZodType, item, field));
  if (def.shape && typeof value === "object" && value !== null && !Array.isArray(value)) return integersOf(inner, value as Record<string, unknown>);
  return value;
}

/** The body with every integer field of `schema` that came as a numeric string made a number. */
export function integersOf(schema: z.ZodType, body: Record<string, unknown>): Record<string, unknown> {
  const shape = defOf(bare(schema)).shape ?? {};
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, shape[key] ? coerce(shape[key], value, key) : value]));
}
