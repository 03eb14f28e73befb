import { UnsupportedOptionError, ValidationError } from "@/server/kernel/errors";

// The JSON an admin's profile holds for the provider (a flavor profile's flavor_data, an
// availability zone profile's availability_zone_data), checked as Octavia's amphora driver checks
// it against its JSON schema: an object of known keys, each of its type. The messages are
// jsonschema's, which quote values the way Python prints them.

/** Octavia's provider list: this cloud runs one driver, HAProxy amphorae. */
export const PROVIDERS = [{ name: "amphora", description: "The Octavia Amphora driver." }] as const;

/** What one key must hold: a JSON type, or one of a few strings. */
export type KeyRule = "string" | "boolean" | "array" | { oneOf: readonly string[] };

/** A value as Python prints it (jsonschema's messages are built with repr). */
export function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null) return "None";
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  return String(value);
}

function keyProblem(rule: KeyRule, value: unknown): string | null {
  if (typeof rule === "object") {
    if (typeof value === "string" && rule.oneOf.includes(value)) return null;
    return `${pyRepr(value)} is not one of ${pyRepr(rule.oneOf)}`;
  }
  const ok = rule === "array" ? Array.isArray(value) : typeof value === rule;
  return ok ? null : `${pyRepr(value)} is not of type '${rule}'`;
}

/** The provider must be one this cloud runs (Octavia's 400 otherwise). */
export function assertProviderEnabled(provider: string, field = "provider_name"): void {
  if (!PROVIDERS.some((p) => p.name === provider)) throw new ValidationError(`Provider '${provider}' is not enabled.`, field);
}

/**
 * Parses profile data for `provider` against the keys it takes; the object it holds. Text that is
 * not JSON is Octavia's InvalidOption (400); JSON the provider does not take is its
 * UnsupportedOptionError (501 on the REST API).
 */
export function parseProviderData(provider: string, text: string, field: string, keys: Readonly<Record<string, KeyRule>>): Record<string, unknown> {
  assertProviderEnabled(provider);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ValidationError(`${text} is not a valid option for ${field}`, field);
  }
  const unsupported = (message: string) => new UnsupportedOptionError(`Provider '${provider}' does not support a requested option: ${message}`, field);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw unsupported(`${pyRepr(data)} is not of type 'object'`);
  for (const [key, value] of Object.entries(data)) {
    const rule = keys[key];
    if (!rule) throw unsupported(`Additional properties are not allowed (${pyRepr(key)} was unexpected)`);
    const problem = keyProblem(rule, value);
    if (problem) throw unsupported(`${key} ${problem}`);
  }
  return data as Record<string, unknown>;
}
