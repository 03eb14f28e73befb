import type { Metadata } from "next";
import { FIRST_PAGE, listInput } from "@/components/load-balancers/list-query";
import { LoadBalancersTable } from "@/components/load-balancers/load-balancers-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";
import { CreateLoadBalancerButton } from "@/components/wizard/create-load-balancer-button";

export const metadata: Metadata = { title: "Load Balancers" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function LoadBalancersPage() {
  return (
    <>
      <PageHeader title="Load Balancers" trail={[{ label: "Project" }, { label: "Network" }, { label: "Load Balancers" }]} />
      {/* The first page only (20 rows), with the very input the table starts with: the same query. */}
      <Prefetch
        load={(client, trpc) =>
          Promise.all([
            client.prefetchQuery(trpc.loadBalancer.list.queryOptions(listInput(FIRST_PAGE))),
            client.prefetchQuery(trpc.floatingIp.list.queryOptions()),
            client.prefetchQuery(trpc.quota.usage.queryOptions()),
          ])
        }
      >
        <div className="mb-2 flex justify-end">
          <CreateLoadBalancerButton />
        </div>
        <LoadBalancersTable />
      </Prefetch>
    </>
  );
}
