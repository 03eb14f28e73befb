import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import { expectRejection, type Settle, webGraph, worldWithWebGraph } from "@/server/testing/fixtures";

// PING monitors are off unless the operator sets ALLOW_PING_HEALTH_MONITORS (this run does not):
// every way a monitor is created refuses them with Octavia's DisabledOption message.

const DISABLED = "The selected type is not allowed in this deployment: PING";
const ping = { type: "PING" as const, delay: 1, timeout: 1, max_retries: 2 };

let w: TestWorld;
let lbId: string;
let accepted: Settle;

beforeAll(async () => {
  ({ w, lbId, accepted } = await worldWithWebGraph());
});
afterAll(() => w.close());

describe("with ALLOW_PING_HEALTH_MONITORS unset", () => {
  it("refuses a PING monitor on a pool, and accepts a TCP one there", async () => {
    const pool = await accepted(w.caller.pool.create({ loadbalancer_id: lbId, protocol: "TCP", lb_algorithm: "ROUND_ROBIN" }));
    await expectRejection(w.caller.healthMonitor.create({ pool_id: pool.id, ...ping }), "BAD_REQUEST", DISABLED);
    const tcp = await accepted(w.caller.healthMonitor.create({ pool_id: pool.id, ...ping, type: "TCP" }));
    expect(tcp.type).toBe("TCP");
  });

  it("refuses a PING monitor in a graph create and in a listener's inline default pool", async () => {
    const graph = webGraph(w);
    graph.listeners[0]!.default_pool.healthmonitor = ping as never;
    await expectRejection(w.caller.loadBalancer.create(graph), "BAD_REQUEST", DISABLED);
    await expectRejection(
      w.caller.listener.create({
        loadbalancer_id: lbId,
        protocol: "TCP",
        protocol_port: 9000,
        default_pool: { protocol: "TCP", lb_algorithm: "ROUND_ROBIN", healthmonitor: ping },
      }),
      "BAD_REQUEST",
      DISABLED,
    );
  });
});
