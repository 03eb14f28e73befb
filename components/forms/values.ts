// What the forms send, from what was typed. Numbers stay text while typed; wrong input is passed
// on as it is (NaN, a decimal), so the API's own schema reports it on its field with its message.

/**
 * A typed number: "" is absent (undefined: the API's default, or "is required"), a decimal is its
 * value (the schema then says whether it is whole and in range), anything else NaN (the schema
 * says "must be a number").
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return /^[-+]?\d+(?:\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** A number an update may clear: "" is null (back to the default). */
export const clearableNumber = (text: string): number | null => parseNumber(text) ?? null;

/** A number the API requires, typed as such: "" is still left out, so the schema says it "is required". */
export const requiredNumber = (text: string): number => parseNumber(text) as number;

/** Optional text on create: empty means "not given", so the key is left out. */
export const optionalText = (text: string): string | undefined => (text.trim() === "" ? undefined : text.trim());

/** Drops keys whose value is undefined, so an input holds only what the user gave. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
