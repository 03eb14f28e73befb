"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { GrantRoleDialog } from "./grant-role-dialog";
import { type AssignmentScope, assignmentKey, describeAssignment, type RoleAssignment, useRefreshIdentity } from "./identity-data";
import { identityRoutes } from "./identity-routes";

const roleColumn: Column<RoleAssignment> = { header: "Role", cell: (a) => <span data-testid="role">{a.role}</span> };
const COLUMNS: Record<AssignmentScope["kind"], Column<RoleAssignment>[]> = {
  project: [{ header: "User", cell: (a) => <Link href={identityRoutes.user(a.user_id)}>{a.user_name}</Link> }, roleColumn],
  user: [{ header: "Project", cell: (a) => <Link href={identityRoutes.project(a.project_id)}>{a.project_name}</Link> }, roleColumn],
};

/** Role assignments (Keystone's user × project × role) of one project or user: grant and revoke. */
export function RoleAssignmentsPanel({ scope }: { scope: AssignmentScope }) {
  const trpc = useTRPC();
  const filter = scope.kind === "project" ? { project_id: scope.id } : { user_id: scope.id };
  const assignments = useQuery(trpc.identity.listRoleAssignments.queryOptions(filter));
  const [dialog, setDialog] = useState<{ kind: "grant" } | { kind: "revoke"; assignment: RoleAssignment } | null>(null);
  const actions = (a: RoleAssignment) => (
    <RowActions name={describeAssignment(a, "of")} actions={[{ label: "Revoke Role", danger: true, onSelect: () => setDialog({ kind: "revoke", assignment: a }) }]} />
  );
  return (
    <Panel
      title={scope.kind === "project" ? "Members" : "Role Assignments"}
      actions={
        <Button size="sm" variant="primary" onClick={() => setDialog({ kind: "grant" })} aria-haspopup="dialog">
          + Grant Role
        </Button>
      }
    >
      <DataTable
        label="Role Assignments"
        columns={[...COLUMNS[scope.kind], { header: "Actions", cell: actions, className: "w-1 text-right" }]}
        rows={assignments.data}
        rowKey={assignmentKey}
        isPending={assignments.isPending}
        error={assignments.error}
        emptyMessage={scope.kind === "project" ? "No user has a role on this project" : "This user has no role on any project"}
      />
      {dialog?.kind === "grant" && (
        <GrantRoleDialog scope={scope} held={new Set(assignments.data?.map(assignmentKey))} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "revoke" && <RevokeRoleDialog assignment={dialog.assignment} onClose={() => setDialog(null)} />}
    </Panel>
  );
}

function RevokeRoleDialog({ assignment, onClose }: { assignment: RoleAssignment; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const revoke = useMutation(trpc.identity.revokeRole.mutationOptions());
  return (
    <ConfirmDialog
      title="Confirm Revoke Role"
      open
      danger
      confirmLabel="Revoke Role"
      pending={revoke.isPending}
      error={revoke.error ? messageOf(revoke.error) : null}
      message={
        <>
          <p>
            Revoke role <strong>{assignment.role}</strong> on project <strong>{assignment.project_name}</strong> from user{" "}
            <strong>{assignment.user_name}</strong>?
          </p>
          <p className="mt-1 text-muted">It no longer counts from the user&apos;s next request.</p>
        </>
      }
      onCancel={() => !revoke.isPending && onClose()}
      onConfirm={() =>
        revoke.mutate(
          { user_id: assignment.user_id, project_id: assignment.project_id, role: assignment.role },
          {
            onSuccess: () => {
              toast.success(`Revoked ${describeAssignment(assignment, "from")}`);
              void refresh();
              onClose();
            },
          },
        )
      }
    />
  );
}
