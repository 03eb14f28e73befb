"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Mono } from "@/components/ui/detail-list";
import { formatTimestamp, yesNo } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { CreateUserDialog } from "./create-user-dialog";
import { type User } from "./identity-data";
import { identityRoutes } from "./identity-routes";
import { enabledActions, SetEnabledDialog } from "./set-enabled-dialog";
import { SetPasswordDialog } from "./set-password-dialog";

type Dialog = { kind: "create" } | { kind: "password" | "enabled"; user: User } | null;

const COLUMNS: Column<User>[] = [
  { header: "User Name", cell: (u) => <Link href={identityRoutes.user(u.id)}>{u.name}</Link> },
  { header: "Enabled", cell: (u) => <span data-testid="enabled">{yesNo(u.enabled)}</span> },
  { header: "User ID", cell: (u) => <Mono>{u.id}</Mono> },
  { header: "Created", cell: (u) => formatTimestamp(u.created_at), className: "whitespace-nowrap text-xs text-neutral-600" },
];

/** Admin > Identity > Users: every user, with Horizon's Create User and row actions. */
export function UsersTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const users = useQuery(trpc.identity.listUsers.queryOptions());
  const me = useMe().data?.user.id;
  const [dialog, setDialog] = useState<Dialog>(null);
  const actions = (u: User) => (
    <RowActions
      name={u.name}
      actions={[
        { label: "Set Password", onSelect: () => setDialog({ kind: "password", user: u }) },
        { label: "Manage Role Assignments", onSelect: () => router.push(identityRoutes.user(u.id)) },
        ...enabledActions("User", u.enabled, u.id === me, () => setDialog({ kind: "enabled", user: u })),
      ]}
    />
  );
  return (
    <div>
      <div className="mb-2 flex justify-end">
        <Button variant="primary" onClick={() => setDialog({ kind: "create" })} aria-haspopup="dialog">
          + Create User
        </Button>
      </div>
      <DataTable
        label="Users"
        columns={[...COLUMNS, { header: "Actions", cell: actions, className: "w-1 text-right" }]}
        rows={users.data}
        rowKey={(u) => u.id}
        isPending={users.isPending}
        error={users.error}
        emptyMessage="No users"
      />
      {dialog?.kind === "create" && <CreateUserDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "password" && <SetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === "enabled" && (
        <SetEnabledDialog
          kind="User"
          name={dialog.user.name}
          enable={!dialog.user.enabled}
          run={() => client.identity.updateUser.mutate({ id: dialog.user.id, enabled: !dialog.user.enabled })}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
