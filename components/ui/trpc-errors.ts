import { TRPCClientError } from "@trpc/client";

// What the server's errorFormatter sends with every error: fieldErrors maps a dotted input path
// ("listeners.0.protocol_port") to its messages, so a form can show each on its field.

export function fieldErrorsOf(err: unknown): Record<string, string[]> {
  if (err instanceof TRPCClientError) {
    const data = err.data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The tRPC error code ("CONFLICT", "NOT_FOUND", …) of a failed call, or null for other errors. */
export function errorCodeOf(err: unknown): string | null {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string } | undefined;
    return data?.code ?? null;
  }
  return null;
}

/** A write refused because the load balancer is PENDING_* (Octavia's status lock). */
export const isConflict = (err: unknown) => errorCodeOf(err) === "CONFLICT";

export const isNotFound = (err: unknown) => errorCodeOf(err) === "NOT_FOUND";
