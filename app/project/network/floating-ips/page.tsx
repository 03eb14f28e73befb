import type { Metadata } from "next";
import { FloatingIpsTable } from "@/components/floating-ips/floating-ips-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Floating IPs" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function FloatingIpsPage() {
  return (
    <>
      <PageHeader title="Floating IPs" trail={[{ label: "Project" }, { label: "Network" }, { label: "Floating IPs" }]} />
      <Prefetch
        load={(client, trpc) =>
          Promise.all([
            client.prefetchQuery(trpc.floatingIp.list.queryOptions()),
            client.prefetchQuery(trpc.network.list.queryOptions()),
            client.prefetchQuery(trpc.loadBalancer.list.queryOptions()),
            client.prefetchQuery(trpc.instance.list.queryOptions()),
          ])
        }
      >
        <FloatingIpsTable />
      </Prefetch>
    </>
  );
}
