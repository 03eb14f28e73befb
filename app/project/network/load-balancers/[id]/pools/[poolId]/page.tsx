import type { Metadata } from "next";
import { PoolDetail } from "@/components/pool-detail/pool-detail";
import { Prefetch } from "@/components/providers/prefetch";
import { titleOfPool } from "@/app/project/network/load-balancers/titles";

export async function generateMetadata({ params }: { params: Promise<{ poolId: string }> }): Promise<Metadata> {
  return titleOfPool((await params).poolId);
}

export default async function PoolPage({ params }: { params: Promise<{ id: string; poolId: string }> }) {
  const { id, poolId } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.loadBalancer.get.queryKey({ id }), trpc.pool.get.queryKey({ id: poolId })]}
      load={(client, trpc) =>
        Promise.all([
          client.prefetchQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.pool.get.queryOptions({ id: poolId }, { retry: false })),
          client.prefetchQuery(trpc.member.list.queryOptions({ pool_id: poolId }, { retry: false })),
          client.prefetchQuery(trpc.healthMonitor.list.queryOptions({ pool_id: poolId }, { retry: false })),
        ])
      }
    >
      <PoolDetail loadBalancerId={id} poolId={poolId} />
    </Prefetch>
  );
}
