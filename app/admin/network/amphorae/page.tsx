import type { Metadata } from "next";
import { AmphoraeTable } from "@/components/admin/amphorae-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Amphorae - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function AmphoraePage() {
  return (
    <>
      <PageHeader title="Amphorae" trail={[{ label: "Admin" }, { label: "Network" }, { label: "Amphorae" }]} />
      <Prefetch load={(client, trpc) => client.prefetchQuery(trpc.amphora.list.queryOptions())}>
        <AmphoraeTable />
      </Prefetch>
    </>
  );
}
