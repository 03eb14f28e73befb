"use client";

import { allows, mayCall, type PolicySubject } from "@/server/identity/policy";
import { useMe } from "./use-me";

// What the dashboard offers is asked of the API's own policy table (server/identity/policy.ts,
// which has no server imports): no role list lives here. The API decides for itself and refuses
// whatever the page shows; this only keeps a user from being offered what they may not do.

/** Whether `me` (auth.me's answer; undefined until it is known) may call `procedure`. */
export function canCall(me: PolicySubject | undefined, procedure: string): boolean {
  return me !== undefined && mayCall(procedure, me);
}

/** Whether the logged-in user may call `procedure` (an app router path); false until that is known. */
export function useCanCall(procedure: string): boolean {
  return canCall(useMe().data, procedure);
}

/** Whether `me` may change things in the project in scope (the policy's "write" rule); false until `me` is known. */
export function canWrite(me: PolicySubject | undefined): boolean {
  return me !== undefined && allows("write", me);
}

/** Whether the logged-in user may change things in the current project; false until that is known. */
export function useCanWrite(): boolean {
  return canWrite(useMe().data);
}
