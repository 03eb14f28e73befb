import type { Metadata } from "next";
import { FlavorsTables } from "@/components/admin/flavors-tables";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Flavors - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function FlavorsPage() {
  return (
    <>
      <PageHeader title="Flavors" trail={[{ label: "Admin" }, { label: "Network" }, { label: "Flavors" }]} />
      <Prefetch load={(client, trpc) => Promise.all([client.prefetchQuery(trpc.flavor.list.queryOptions()), client.prefetchQuery(trpc.flavorProfile.list.queryOptions())])}>
        <FlavorsTables />
      </Prefetch>
    </>
  );
}
