import type { Metadata } from "next";
import { ListenerDetail } from "@/components/listener-detail/listener-detail";
import { Prefetch } from "@/components/providers/prefetch";
import { titleOfListener } from "@/app/project/network/load-balancers/titles";

export async function generateMetadata({ params }: { params: Promise<{ listenerId: string }> }): Promise<Metadata> {
  return titleOfListener((await params).listenerId);
}

export default async function ListenerPage({ params }: { params: Promise<{ id: string; listenerId: string }> }) {
  const { id, listenerId } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.loadBalancer.get.queryKey({ id }), trpc.listener.get.queryKey({ id: listenerId })]}
      load={(client, trpc) =>
        Promise.all([
          client.prefetchQuery(trpc.loadBalancer.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.listener.get.queryOptions({ id: listenerId }, { retry: false })),
        ])
      }
    >
      <ListenerDetail loadBalancerId={id} listenerId={listenerId} />
    </Prefetch>
  );
}
