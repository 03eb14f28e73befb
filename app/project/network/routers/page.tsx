import type { Metadata } from "next";
import { Prefetch } from "@/components/providers/prefetch";
import { RoutersTable } from "@/components/routers/routers-table";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Routers" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function RoutersPage() {
  return (
    <>
      <PageHeader title="Routers" trail={[{ label: "Project" }, { label: "Network" }, { label: "Routers" }]} />
      <Prefetch
        load={(client, trpc) => Promise.all([client.prefetchQuery(trpc.routers.list.queryOptions()), client.prefetchQuery(trpc.network.list.queryOptions())])}
      >
        <RoutersTable />
      </Prefetch>
    </>
  );
}
