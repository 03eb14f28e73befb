import type { Metadata } from "next";
import { InstancesTable } from "@/components/instances/instances-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Instances" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function InstancesPage() {
  return (
    <>
      <PageHeader title="Instances" trail={[{ label: "Project" }, { label: "Compute" }, { label: "Instances" }]} />
      <Prefetch
        load={(client, trpc) =>
          Promise.all([client.prefetchQuery(trpc.instance.list.queryOptions()), client.prefetchQuery(trpc.floatingIp.list.queryOptions())])
        }
      >
        <InstancesTable />
      </Prefetch>
    </>
  );
}
