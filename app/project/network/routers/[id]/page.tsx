import type { Metadata } from "next";
import { resourceTitle } from "@/app/project/network/load-balancers/titles";
import { Prefetch } from "@/components/providers/prefetch";
import { RouterDetail } from "@/components/routers/router-detail";
import { routerName } from "@/components/routers/router-choices";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return resourceTitle("Routers", async (c) => routerName(await c.routers.get({ id })));
}

export default async function RouterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Prefetch
      required={(trpc) => [trpc.routers.get.queryKey({ id })]}
      load={(client, trpc) =>
        Promise.all([
          // No retry on the server: a router that is not there will not appear in a second.
          client.prefetchQuery(trpc.routers.get.queryOptions({ id }, { retry: false })),
          client.prefetchQuery(trpc.network.list.queryOptions()),
          client.prefetchQuery(trpc.subnet.list.queryOptions()),
        ])
      }
    >
      <RouterDetail id={id} />
    </Prefetch>
  );
}
