import type { Metadata } from "next";
import { L7PolicyDetail } from "@/components/l7/l7-policy-detail";
import { displayName } from "@/components/load-balancer-detail/routes";
import { Prefetch } from "@/components/providers/prefetch";
import { resourceTitle } from "@/app/project/network/load-balancers/titles";

export async function generateMetadata({ params }: { params: Promise<{ policyId: string }> }): Promise<Metadata> {
  const { policyId } = await params;
  return resourceTitle("L7 Policies", async (c) => displayName(await c.l7Policy.get({ id: policyId })));
}

export default async function L7PolicyPage({ params }: { params: Promise<{ id: string; listenerId: string; policyId: string }> }) {
  const { id, listenerId, policyId } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.loadBalancer.get.queryKey({ id }), trpc.l7Policy.get.queryKey({ id: policyId })]}
      load={(client, trpc) =>
        Promise.all([
          client.prefetchQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.listener.get.queryOptions({ id: listenerId }, { retry: false })),
          client.prefetchQuery(trpc.l7Policy.get.queryOptions({ id: policyId }, { retry: false })),
          client.prefetchQuery(trpc.l7Rule.list.queryOptions({ l7policy_id: policyId }, { retry: false })),
        ])
      }
    >
      <L7PolicyDetail loadBalancerId={id} listenerId={listenerId} policyId={policyId} />
    </Prefetch>
  );
}
