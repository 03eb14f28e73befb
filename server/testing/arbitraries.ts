import fc from "fast-check";
import type { z } from "zod";

// fast-check arbitraries derived from the API's own zod schemas: every enum value, numeric bound,
// optional and nullable field as the schema declares it, so a value the API gains is generated
// without touching the tests. What a schema constrains by refinement (strings with a syntax) or
// what must exist in the database (ids, instance addresses) comes from `overrides`, by field name.

export type Overrides = Record<string, fc.Arbitrary<unknown>>;

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** An optional field may be absent; a field declared `never` (an immutable one on update) must be. */
const isOptional = (schema: unknown) => defOf(schema).type === "optional";
const isNever = (schema: unknown) => {
  const def = defOf(schema);
  return def.type === "never" || (def.type === "optional" && defOf(def.innerType).type === "never");
};

/** Arrays stay short: a graph is about its combinations of options, not its size. */
const MAX_ITEMS = 3;

export function arbitraryOf(schema: z.ZodType, overrides: Overrides = {}, field = "(root)"): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const entries = Object.entries(def.shape as Record<string, z.ZodType>).filter(([, s]) => !isNever(s));
      const model = Object.fromEntries(entries.map(([key, s]) => [key, overrides[key] ?? arbitraryOf(s, overrides, key)]));
      const requiredKeys = entries.filter(([, s]) => !isOptional(s)).map(([key]) => key);
      return fc.record(model, { requiredKeys });
    }
    case "optional":
      return fc.option(arbitraryOf(def.innerType as z.ZodType, overrides, field), { nil: undefined });
    case "nullable":
      return fc.option(arbitraryOf(def.innerType as z.ZodType, overrides, field), { nil: null });
    case "pipe":
      return arbitraryOf(def.in as z.ZodType, overrides, field);
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map((option) => arbitraryOf(option, overrides, field)));
    case "enum":
      return fc.constantFrom(...(schema as unknown as { options: string[] }).options);
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "boolean":
      return fc.boolean();
    case "number": {
      const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      if (!n.isInt) throw new Error(`${field}: only whole numbers are generated; give an override`);
      return fc.integer({ min: n.minValue ?? -1_000_000, max: n.maxValue ?? 1_000_000 });
    }
    case "array":
      return fc.array(arbitraryOf(def.element as z.ZodType, overrides, field), { maxLength: MAX_ITEMS });
    case "record": {
      // A partial record over an enum of keys: any subset of the keys.
      const keys = (defOf(def.keyType).entries ? Object.keys(defOf(def.keyType).entries as object) : []) as string[];
      const value = arbitraryOf(def.valueType as z.ZodType, overrides, field);
      return fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
    }
    case "string":
      if (def.format === "cidrv4") {
        return fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([address, bits]) => `${address}/${bits}`);
      }
      if (def.format === "ipv4") return fc.ipV4();
      throw new Error(`${field}: a string with a syntax of its own; give an override`);
    default:
      throw new Error(`${field}: no arbitrary for zod type ${def.type}; give an override`);
  }
}

/**
 * Values of `schema` that pass its own cross-field rules (zod refinements), drawn again until one
 * does. Use it for the elements of a list: filtering the whole graph instead throws away every
 * graph with one broken element, so lists whose elements carry such rules (L7 policies and their
 * rules, TLS listeners) would hardly ever reach the API.
 */
export function validOf(schema: z.ZodType, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  return arbitraryOf(schema, overrides).filter((value) => schema.safeParse(value).success);
}
