import type { Metadata } from "next";
import { LoadBalancerDetail } from "@/components/load-balancer-detail/load-balancer-detail";
import { Prefetch } from "@/components/providers/prefetch";
import { titleOfLoadBalancer } from "@/app/project/network/load-balancers/titles";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return titleOfLoadBalancer((await params).id);
}

export default async function LoadBalancerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.loadBalancer.get.queryKey({ id })]}
      load={(client, trpc) =>
        Promise.all([
          // No retry on the server: a load balancer that is not there will not appear in a second.
          client.prefetchQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.loadBalancer.statusTree.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.floatingIp.list.queryOptions()),
        ])
      }
    >
      <LoadBalancerDetail id={id} />
    </Prefetch>
  );
}
