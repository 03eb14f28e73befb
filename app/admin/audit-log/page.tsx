import type { Metadata } from "next";
import { AuditLogTable } from "@/components/admin/audit/audit-log-table";
import { AUDIT_FIRST_PAGE } from "@/components/admin/audit/audit-query";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Audit Log - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function AuditLogPage() {
  return (
    <>
      <PageHeader title="Audit Log" trail={[{ label: "Admin" }, { label: "System" }, { label: "Audit Log" }]} />
      <Prefetch
        load={(client, trpc) =>
          Promise.all([
            client.prefetchQuery(trpc.audit.list.queryOptions(AUDIT_FIRST_PAGE)),
            client.prefetchQuery(trpc.identity.listProjects.queryOptions()),
            client.prefetchQuery(trpc.identity.listUsers.queryOptions()),
          ])
        }
      >
        <AuditLogTable />
      </Prefetch>
    </>
  );
}
