import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UserDetail } from "@/components/admin/identity/user-detail";
import { Prefetch, requestContext } from "@/components/providers/prefetch";
import { createCaller } from "@/server/trpc/router";

export const metadata: Metadata = { title: "User Details - Admin" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const users = await createCaller(await requestContext()).identity.listUsers();
  if (!users.some((u) => u.id === id)) notFound();
  return (
    <Prefetch
      load={(client, trpc) => {
        client.setQueryData(trpc.identity.listUsers.queryKey(), users);
        return client.prefetchQuery(trpc.identity.listRoleAssignments.queryOptions({ user_id: id }));
      }}
    >
      <UserDetail userId={id} />
    </Prefetch>
  );
}
