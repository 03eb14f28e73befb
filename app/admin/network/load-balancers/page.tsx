import type { Metadata } from "next";
import { FIRST_PAGE, listInput } from "@/components/load-balancers/list-query";
import { LoadBalancersTable } from "@/components/load-balancers/load-balancers-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Load Balancers - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

/** Every project's load balancers (Octavia's all-projects list); `?search=` starts the search box (the Amphorae panel's links). */
export default async function AdminLoadBalancersPage({ searchParams }: { searchParams: Promise<{ search?: string | string[] }> }) {
  const raw = (await searchParams).search;
  const search = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  return (
    <>
      <PageHeader title="Load Balancers" trail={[{ label: "Admin" }, { label: "Network" }, { label: "Load Balancers" }]} />
      <Prefetch
        load={(client, trpc) =>
          Promise.all([
            client.prefetchQuery(trpc.loadBalancer.list.queryOptions(listInput({ ...FIRST_PAGE, search }, true))),
            client.prefetchQuery(trpc.floatingIp.list.queryOptions()),
          ])
        }
      >
        <LoadBalancersTable allProjects initialSearch={search} />
      </Prefetch>
    </>
  );
}
