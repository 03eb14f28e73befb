import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { DomainError } from "@/server/kernel/errors";
import { toTRPCError } from "@/server/trpc/errors";
import { publicMessage } from "@/server/trpc/init";
import { RestError } from "./http";

// The one adapter from what a REST handler can throw to an HTTP status and the message the client
// reads. Procedures throw tRPC errors (their domain error inside), so a refusal reads the same
// over tRPC and REST; each front door only wraps the pair in its own error body.

export interface Failure {
  status: number;
  message: string;
  /** The domain error behind it, for a front door whose error body names its kind (Neutron's OverQuota). */
  cause?: DomainError;
}

export function failureOf(err: unknown): Failure {
  if (err instanceof RestError) return { status: err.status, message: err.message };
  const trpc =
    err instanceof DomainError
      ? toTRPCError(err)
      : err instanceof ZodError // a wire shape of the REST layer's own, read as a procedure reads its input
        ? new TRPCError({ code: "BAD_REQUEST", cause: err })
        : err instanceof TRPCError
          ? err
          : null;
  if (trpc && trpc.code !== "INTERNAL_SERVER_ERROR") {
    return { status: getHTTPStatusCodeFromError(trpc), message: publicMessage(trpc), ...(trpc.cause instanceof DomainError ? { cause: trpc.cause } : {}) };
  }
  // The procedures already logged theirs; anything else is logged here. Never the details.
  if (!trpc) console.error("[rest] unexpected error:", err);
  return { status: 500, message: "Internal Server Error" };
}
