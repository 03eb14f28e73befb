import type { Metadata } from "next";
import { MemberDetail } from "@/components/member-detail/member-detail";
import { Prefetch } from "@/components/providers/prefetch";
import { titleOfMember } from "@/app/project/network/load-balancers/titles";

export async function generateMetadata({ params }: { params: Promise<{ memberId: string }> }): Promise<Metadata> {
  return titleOfMember((await params).memberId);
}

export default async function MemberPage({ params }: { params: Promise<{ id: string; poolId: string; memberId: string }> }) {
  const { id, poolId, memberId } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.loadBalancer.get.queryKey({ id }), trpc.pool.get.queryKey({ id: poolId }), trpc.member.get.queryKey({ id: memberId })]}
      load={(client, trpc) =>
        Promise.all([
          client.prefetchQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.pool.get.queryOptions({ id: poolId }, { retry: false })),
          client.prefetchQuery(trpc.member.get.queryOptions({ id: memberId }, { retry: false })),
        ])
      }
    >
      <MemberDetail loadBalancerId={id} poolId={poolId} memberId={memberId} />
    </Prefetch>
  );
}
