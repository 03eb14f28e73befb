import type { Metadata } from "next";
import { Prefetch } from "@/components/providers/prefetch";
import { SecretsTable } from "@/components/secrets/secrets-table";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Secrets" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function SecretsPage() {
  return (
    <>
      <PageHeader title="Secrets" trail={[{ label: "Project" }, { label: "Key Manager" }, { label: "Secrets" }]} />
      <Prefetch load={(client, trpc) => client.prefetchQuery(trpc.secret.list.queryOptions())}>
        <SecretsTable />
      </Prefetch>
    </>
  );
}
