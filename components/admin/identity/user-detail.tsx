"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { formatTimestamp, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { IDENTITY_TRAIL, identityRoutes } from "./identity-routes";
import { RoleAssignmentsPanel } from "./role-assignments-panel";
import { SetEnabledDialog } from "./set-enabled-dialog";
import { SetPasswordDialog } from "./set-password-dialog";

/** One user as the admin manages them: details, password, enabled, and their role assignments. */
export function UserDetail({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const users = useQuery(trpc.identity.listUsers.queryOptions());
  const user = users.data?.find((u) => u.id === userId);
  const isMe = useMe().data?.user.id === userId;
  const [dialog, setDialog] = useState<"password" | "enabled" | null>(null);
  const name = user?.name ?? userId;
  return (
    <>
      <PageHeader
        title={name}
        trail={[...IDENTITY_TRAIL, { label: "Users", href: identityRoutes.users }, { label: name }]}
        actions={
          user && (
            <>
              <Button size="sm" onClick={() => setDialog("password")} aria-haspopup="dialog">
                Set Password
              </Button>
              {(!user.enabled || !isMe) && (
                <Button size="sm" variant={user.enabled ? "danger" : "default"} onClick={() => setDialog("enabled")} aria-haspopup="dialog">
                  {user.enabled ? "Disable User" : "Enable User"}
                </Button>
              )}
            </>
          )
        }
      />
      {!user ? (
        <p role={users.error ? "alert" : undefined} className="text-sm text-muted">
          {users.error ? `Unable to retrieve the user: ${users.error.message}` : users.isPending ? "Loading…" : `User ${userId} not found.`}
        </p>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <Panel title="User Details">
            <DetailList
              label="User details"
              items={[
                { label: "User Name", value: user.name },
                { label: "ID", value: <Mono>{user.id}</Mono> },
                { label: "Enabled", value: yesNo(user.enabled) },
                { label: "Domain", value: "Default" },
                { label: "Created", value: formatTimestamp(user.created_at) },
              ]}
            />
          </Panel>
          <RoleAssignmentsPanel scope={{ kind: "user", id: user.id, name: user.name }} />
        </div>
      )}
      {user && dialog === "password" && <SetPasswordDialog user={user} onClose={() => setDialog(null)} />}
      {user && dialog === "enabled" && (
        <SetEnabledDialog
          kind="User"
          name={user.name}
          enable={!user.enabled}
          run={() => client.identity.updateUser.mutate({ id: user.id, enabled: !user.enabled })}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
