"use client";

import { useQuery } from "@tanstack/react-query";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { formatTimestamp, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { IdentityDetail } from "./identity-detail";
import { identityRoutes } from "./identity-routes";
import { RoleAssignmentsPanel } from "./role-assignments-panel";
import { SetPasswordDialog } from "./set-password-dialog";

/** One user as the admin manages them: details, password, enabled, and their role assignments. */
export function UserDetail({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const users = useQuery(trpc.identity.listUsers.queryOptions());
  const isOwn = useMe().data?.user.id === userId;
  return (
    <IdentityDetail
      kind="User"
      id={userId}
      list={users}
      listHref={identityRoutes.users}
      isOwn={isOwn}
      action={{ label: "Set Password", dialog: (user, onClose) => <SetPasswordDialog user={user} onClose={onClose} /> }}
      setEnabled={(user, enabled) => client.identity.updateUser.mutate({ id: user.id, enabled })}
    >
      {(user) => (
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
    </IdentityDetail>
  );
}
