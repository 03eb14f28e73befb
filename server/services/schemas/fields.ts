import { z } from "zod";

// Field builders shared by every resource schema. Each message names the field the way the API
// and the CLI do, so the same text reads right in a form, in curl output and in a test.

export const uuidField = (field: string) =>
  z.uuid({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a UUID`) });

export const intField = (field: string, min: number, max: number) =>
  z
    .number({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a number`) })
    .int({ error: `${field} must be a whole number` })
    .min(min, { error: `${field} must be between ${min} and ${max}` })
    .max(max, { error: `${field} must be between ${min} and ${max}` });

export const nameField = (field = "name") =>
  z.string({ error: `${field} must be a string` }).max(255, { error: `${field} must be at most 255 characters` });

/** Bounds of the lists one request may carry (a graph create's listeners, a pool's members, …). */
export const MAX_LISTENERS = 50;
export const MAX_L7POLICIES = 50;
export const MAX_MEMBERS = 1000;
export const MAX_TAGS = 50;
export const MAX_SNI_CONTAINERS = 50;

/**
 * The bound of a list in one request, with its message. Every list a create takes is bounded,
 * so no single call can make the server check, store and render an unbounded graph.
 */
export const atMost = (field: string, max: number) => [max, { error: `${field} must have at most ${max} entries` }] as const;

export const boolField = (field: string) => z.boolean({ error: `${field} must be true or false` });

export const tagsField = () =>
  z
    .array(z.string().min(1, { error: "a tag cannot be empty" }).max(255, { error: "a tag must be at most 255 characters" }), {
      error: "tags must be a list of strings",
    })
    .max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags` });

export const ipv4Field = (field: string) =>
  z.ipv4({
    error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a valid IPv4 address`),
  });

export const portField = (field = "protocol_port") => intField(field, 1, 65535);

export function enumField<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, {
    error: (iss) =>
      iss.input === undefined ? `${field} is required` : `${field} must be one of ${values.join(", ")}`,
  });
}

/** A field an update may not change: present at all is an error with a reason, not "unknown key". */
export const immutableField = (field: string) =>
  z.never({ error: `${field} cannot be changed after creation` }).optional();
