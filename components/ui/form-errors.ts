import type { z } from "zod";
import { fieldErrorsOf } from "./trpc-errors";

// Form errors as one message per field key. Keys are the API's dotted input paths ("weight",
// "insert_headers"), the same for the inline check with the API's zod schema and for the
// server's `error.data.fieldErrors`, so one lookup shows both on the field.

export type FormErrors = Record<string, string>;

/** The key for what belongs to no single field (cross-field rules, the input as a whole). */
export const FORM_TOP = "_";

function firstPerKey(entries: Iterable<[string, string]>): FormErrors {
  const out: FormErrors = {};
  for (const [key, message] of entries) out[key] ??= message;
  return out;
}

/** Runs the API's own schema on what the form would send. */
export function schemaErrors(schema: z.ZodType, input: unknown): FormErrors {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return firstPerKey(result.error.issues.map((i) => [i.path.map(String).join(".") || FORM_TOP, i.message]));
}

/** The server's field errors (from tRPC's error data) in the same shape. */
export function serverErrors(err: unknown): FormErrors {
  return firstPerKey(Object.entries(fieldErrorsOf(err)).flatMap(([key, messages]) => messages.map((m): [string, string] => [key, m])));
}

/** A key belongs to a field when it is the field or lies inside it ("allowed_cidrs.1"). */
const belongsTo = (key: string, field: string) => key === field || key.startsWith(`${field}.`);

/** The error shown on a field: its own, or the first about a part of it. */
export function errorFor(errors: FormErrors, field: string): string | undefined {
  if (errors[field] !== undefined) return errors[field];
  return Object.entries(errors).find(([key]) => belongsTo(key, field))?.[1];
}

/** Errors whose key is none of the form's fields: shown above the form instead of being lost. */
export function unplacedErrors(errors: FormErrors, fields: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !fields.some((f) => belongsTo(key, f)))
    .map(([key, message]) => (key === FORM_TOP ? message : `${key}: ${message}`));
}
