import type { Metadata } from "next";
import { AmphoraHostsTable } from "@/components/admin/amphora-hosts-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Amphora Hosts - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function AmphoraHostsPage() {
  return (
    <>
      <PageHeader title="Amphora Hosts" trail={[{ label: "Admin" }, { label: "Network" }, { label: "Amphora Hosts" }]} />
      <Prefetch load={(client, trpc) => client.prefetchQuery(trpc.amphoraHost.list.queryOptions())}>
        <AmphoraHostsTable />
      </Prefetch>
    </>
  );
}
