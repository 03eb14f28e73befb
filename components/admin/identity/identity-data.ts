"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/trpc/router";

// The Identity panels' rows, how they are named, and the refresh every Identity change ends with.

type Identity = inferRouterOutputs<AppRouter>["identity"];
export type Project = Identity["listProjects"][number];
export type User = Identity["listUsers"][number];
export type RoleAssignment = Identity["listRoleAssignments"][number];

/** One assignment's identity: Keystone's user × project × role. */
export const assignmentKey = (a: Pick<RoleAssignment, "user_id" | "project_id" | "role">) => `${a.user_id}/${a.project_id}/${a.role}`;

/**
 * Reads again what an Identity change can alter: the Identity lists, quotas, the audit log (the
 * change's own record) and the top bar's project list (a grant or a renamed project).
 */
export function useRefreshIdentity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [trpc.identity.pathKey(), trpc.quota.pathKey(), trpc.audit.pathKey(), trpc.auth.me.queryKey()].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

/** Whose assignments the panel shows: a project's members, or a user's projects. */
export type AssignmentScope = { kind: "project"; id: string; name: string } | { kind: "user"; id: string; name: string };

/** "role member on project demo to user alice": for toasts ("Granted …", "Revoked …" with "from") and row names ("of"). */
export const describeAssignment = (a: Pick<RoleAssignment, "role" | "user_name" | "project_name">, preposition: "to" | "from" | "of") =>
  `role ${a.role} on project ${a.project_name} ${preposition} user ${a.user_name}`;
