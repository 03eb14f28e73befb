import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listeners, loadBalancers, pools } from "@/db/schema";
import { type TestWorld, testWorld } from "@/server/testing/database";

// The load balancer list at the size the dashboard must stay quick with: 500 in the project. A
// page costs one query for its rows and two for its children's ids, whatever the project holds.

const COUNT = 500;
let w: TestWorld;

beforeAll(async () => {
  w = await testWorld();
  // Written straight to the tables: the list's cost is the point here, not 500 graph creates.
  const rows = await w.db
    .insert(loadBalancers)
    .values(
      Array.from({ length: COUNT }, (_, i) => ({
        project_id: w.projectId,
        name: `scale-${String(i).padStart(3, "0")}`,
        provisioning_status: "ACTIVE" as const,
        operating_status: "ONLINE" as const,
        vip_address: `10.${Math.floor(i / 250)}.${i % 250}.7`,
        vip_subnet_id: w.selfservice.id,
        vip_network_id: w.selfservice.network_id,
      })),
    )
    .returning({ id: loadBalancers.id });
  const withChildren = rows.filter((_, i) => i % 5 === 0);
  const common = { project_id: w.projectId, provisioning_status: "ACTIVE" as const, operating_status: "ONLINE" as const };
  await w.db.insert(listeners).values(withChildren.map((lb) => ({ ...common, loadbalancer_id: lb.id, protocol: "HTTP" as const, protocol_port: 80 })));
  await w.db.insert(pools).values(withChildren.map((lb) => ({ ...common, loadbalancer_id: lb.id, protocol: "HTTP" as const, lb_algorithm: "ROUND_ROBIN" as const })));
});
afterAll(() => w.close());

/** Counts the statements `run` sends (every Drizzle query is prepared through the session). */
async function countQueries<T>(db: Db, run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const session = (db as unknown as { session: { prepareQuery: (...args: unknown[]) => unknown } }).session;
  const prepare = session.prepareQuery;
  let queries = 0;
  session.prepareQuery = (...args: unknown[]) => {
    queries += 1;
    return prepare.apply(session, args);
  };
  try {
    return { result: await run(), queries };
  } finally {
    session.prepareQuery = prepare;
  }
}

describe("the load balancer list with 500 rows", () => {
  it("reads a page of 20 in three queries, with its children", async () => {
    const { result: page, queries } = await countQueries(w.db, () => w.caller.loadBalancer.list({ limit: 20, sort: "name:asc" }));
    expect(queries).toBe(3);
    expect(page.items).toHaveLength(20);
    expect(page.items[0]).toMatchObject({ name: "scale-000", listeners: [{ id: expect.any(String) }], pools: [{ id: expect.any(String) }] });
    expect(page.items[1]).toMatchObject({ name: "scale-001", listeners: [], pools: [] });
    expect(page.next_marker).toBe(page.items[19]?.id);

    const next = await countQueries(w.db, () => w.caller.loadBalancer.list({ limit: 20, sort: "name:asc", marker: page.next_marker! }));
    expect(next.queries).toBe(3);
    expect(next.result.items[0]?.name).toBe("scale-020");
  });

  it("searches and sorts all 500 on the server, answering one page", async () => {
    const { result, queries } = await countQueries(w.db, () => w.caller.loadBalancer.list({ limit: 20, search: "10.1.3.7" }));
    expect(queries).toBe(3);
    expect(result.items.map((lb) => lb.name)).toEqual(["scale-253"]);
    const last = await w.caller.loadBalancer.list({ limit: 20, sort: "vip_address:desc" });
    expect(last.items[0]?.vip_address).toBe("10.1.249.7");
  });

  it("walks all 500 in pages of 20 without a repeat", async () => {
    const seen = new Set<string>();
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await w.caller.loadBalancer.list({ limit: 20, marker, sort: "operating_status:asc,vip_address:desc" });
      for (const lb of page.items) seen.add(lb.id);
      marker = page.next_marker ?? undefined;
      pages += 1;
    } while (marker);
    expect(pages).toBe(COUNT / 20);
    expect(seen.size).toBe(COUNT);
  });
});
