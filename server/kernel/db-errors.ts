import { ConflictError } from "./errors";

// The pre-checks in the services give the friendly answer; these unique indexes catch the race
// where two requests pass the pre-check at once. Map the index name back to Octavia's message.

function uniqueViolationConstraint(err: unknown): string | null {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: string; constraint?: string };
    if (code === "23505") return constraint ?? "";
  }
  return null;
}

export async function conflictOnDuplicate<T>(run: () => Promise<T>, messages: Record<string, string>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const constraint = uniqueViolationConstraint(err);
    const message = constraint === null ? undefined : messages[constraint];
    if (message) throw new ConflictError(message);
    throw err;
  }
}
