import type { AmphoraDriver } from "@/amphora/driver";
import type { Db } from "@/db/client";
import type { ComputeAgent } from "@/server/cloud/compute/agent";
import type { Scope } from "@/server/identity/policy";

/** What the web tier reads of running amphorae. */
export type DataPlaneReader = Pick<AmphoraDriver, "status" | "counters" | "readConfig">;

/** What every service verb acts within: a database (or transaction) and the caller's project. */
export interface ServiceContext {
  db: Db;
  projectId: string;
  /** The projects the caller may read (policy.ts's scopeOf): every one for a global reader, else projectId. */
  readScope: Scope;
  /** The process that plays the demo cloud's instances; null where no instance runs (unit tests). */
  compute: ComputeAgent | null;
  /** Read access to the amphorae (statistics); null where none run. */
  dataPlane: DataPlaneReader | null;
}

/** Runs `fn` in one transaction; everything it writes commits together or not at all. */
export function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx }));
}

/** The columns every new Octavia row starts with: the caller's project, its names, PENDING_CREATE. */
export function newResourceColumns(
  ctx: ServiceContext,
  spec: { name?: string | undefined; description?: string | undefined; admin_state_up?: boolean | undefined },
) {
  return {
    project_id: ctx.projectId,
    name: spec.name ?? "",
    description: spec.description ?? "",
    admin_state_up: spec.admin_state_up ?? true,
    provisioning_status: "PENDING_CREATE" as const,
    operating_status: "OFFLINE" as const,
  };
}
