import type { Metadata } from "next";
import { IDENTITY_TRAIL } from "@/components/admin/identity/identity-routes";
import { UsersTable } from "@/components/admin/identity/users-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Users - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function UsersPage() {
  return (
    <>
      <PageHeader title="Users" trail={[...IDENTITY_TRAIL, { label: "Users" }]} />
      <Prefetch load={(client, trpc) => client.prefetchQuery(trpc.identity.listUsers.queryOptions())}>
        <UsersTable />
      </Prefetch>
    </>
  );
}
