"use client";

import type { Role } from "@/db/schema";
import { useMe } from "./use-me";

// The one place the dashboard decides whether to offer create, edit and delete actions: the roles
// of server/identity/policy.ts's "write" rule. The API decides for itself and refuses a reader's
// writes whatever the page shows; this only keeps a reader from being offered them.

export const WRITER_ROLES: readonly Role[] = ["member", "load-balancer_member", "admin", "load-balancer_admin"];

/** Whether `roles`, held in the project in scope, allow changing things there. */
export function canWrite(roles: readonly string[] | undefined): boolean {
  return roles !== undefined && roles.some((role) => (WRITER_ROLES as readonly string[]).includes(role));
}

/** Whether the logged-in user may change things in the current project; false until that is known. */
export function useCanWrite(): boolean {
  return canWrite(useMe().data?.roles);
}
