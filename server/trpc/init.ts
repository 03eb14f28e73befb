import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import type { ComputeAgent } from "@/server/cloud/compute/agent";
import type { StatusFeed } from "@/server/events/statusFeed";
import type { ServiceContext } from "@/server/services/context";
import { DomainError } from "@/server/services/errors";
import { toTRPCError } from "./errors";

/** The part of the context tests build directly: no HTTP request needed. */
export interface InnerContext extends ServiceContext {
  feed: StatusFeed;
}

export function createInnerContext(opts: {
  db: Db;
  projectId: string;
  isAdmin?: boolean;
  feed: StatusFeed;
  compute?: ComputeAgent | null;
  dataPlane?: InnerContext["dataPlane"];
}): InnerContext {
  return {
    db: opts.db,
    projectId: opts.projectId,
    isAdmin: opts.isAdmin ?? false,
    feed: opts.feed,
    compute: opts.compute ?? null,
    dataPlane: opts.dataPlane ?? null,
  };
}

/** Turns zod issues into "field.path: message" pairs, so forms and curl users see the field. */
function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC.context<InnerContext>().create({
  // No transformer: inputs and outputs are plain JSON, so `curl` can call every procedure.
  // SSE pings keep proxies from closing an idle status stream; the client reconnects (resuming
  // after its last event id) when it hears nothing for longer.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const fieldErrors = zodError
      ? zodFieldErrors(zodError)
      : error.cause instanceof DomainError && error.cause.field
        ? { [error.cause.field]: [error.message] }
        : null;
    return {
      ...shape,
      message: zodError ? zodError.issues.map((i) => i.message).join("; ") : shape.message,
      data: { ...shape.data, stack: undefined, fieldErrors },
    };
  },
});

/** Maps domain errors to tRPC codes; an unexpected error is logged and answered without its message. */
const domainErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (error.cause instanceof DomainError) throw toTRPCError(error.cause);
  if (error.code === "INTERNAL_SERVER_ERROR") {
    console.error(`[trpc] ${path} failed:`, error.cause ?? error);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Every procedure acts inside the caller's project (the context always names one). */
export const projectProcedure = t.procedure.use(domainErrors);
export const adminProcedure = projectProcedure.use(({ ctx, next }) => {
  if (!ctx.isAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "This action needs the admin role." });
  return next();
});
