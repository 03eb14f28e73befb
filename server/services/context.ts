import type { Db } from "@/db/client";

/** What every service verb acts within: a database (or transaction) and the caller's project. */
export interface ServiceContext {
  db: Db;
  projectId: string;
  isAdmin: boolean;
}

/** Runs `fn` in one transaction; everything it writes commits together or not at all. */
export function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db }));
}
