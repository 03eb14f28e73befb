import type { Metadata } from "next";
import { requestContext } from "@/components/providers/prefetch";
import { displayName } from "@/components/load-balancer-detail/routes";
import { createCaller } from "@/server/trpc/router";

// The detail pages' titles name what they show, as Horizon's do: "web - Load Balancers" (the root
// layout adds the product). One that cannot be read (deleted, another project's) is titled by
// its section alone; the page itself says what is wrong.

type Caller = ReturnType<typeof createCaller>;

export async function resourceTitle(section: string, read: (caller: Caller) => Promise<string>): Promise<Metadata> {
  try {
    return { title: `${await read(createCaller(await requestContext()))} - ${section}` };
  } catch {
    return { title: section };
  }
}

export const titleOfLoadBalancer = (id: string) => resourceTitle("Load Balancers", async (c) => displayName(await c.loadBalancer.get({ id })));
export const titleOfListener = (id: string) => resourceTitle("Listeners", async (c) => displayName(await c.listener.get({ id })));
export const titleOfPool = (id: string) => resourceTitle("Pools", async (c) => displayName(await c.pool.get({ id })));
export const titleOfMember = (id: string) =>
  resourceTitle("Members", async (c) => {
    const m = await c.member.get({ id });
    return m.name || `${m.address}:${m.protocol_port}`;
  });
