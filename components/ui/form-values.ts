// Text typed into inputs -> what the API takes. Wrong input is passed on as it is (NaN, not a
// silent undefined), so the schema reports it on its field.

/** "" -> undefined (the field is left out), "12" -> 12, "1.5" or "x" -> NaN. */
export function optionalInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** "" -> null (cleared), otherwise the number as optionalInt reads it. */
export function nullableInt(text: string): number | null {
  return optionalInt(text) ?? null;
}

/** "" -> null (cleared), otherwise the trimmed text. */
export function nullableText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

/** A number from the API back into an input: null and undefined become "". */
export function textOf(value: number | string | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** "10.0.0.0/8, 192.168.0.0/16\n127.0.0.0/8" -> the list; blank entries dropped. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
