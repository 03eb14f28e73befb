import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeHeartbeat } from "@/amphora/heartbeat";
import { webGraph } from "@/server/testing/fixtures";
import { eventually, type Stack, startStack } from "@/server/testing/stack";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Amphora hosts as the controller uses them: each new amphora is placed on an UP, enabled host
// (its compute_id and lb_network_ip say where), a disabled host or one whose heartbeats stopped
// takes no new one, and only admins see or change hosts.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const hosts = () => stack.api.amphoraHost.list.query();
/** The load balancer once it is ERROR, with its reason. */
const untilError = (id: string) =>
  eventually(async () => {
    const lb = await stack.api.loadBalancer.get.query({ id });
    return lb.provisioning_status === "ERROR" ? lb : undefined;
  }, 20_000, `load balancer ${id} ERROR`);
const amphoraOf = async (lbId: string) => (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lbId);

describe("amphora hosts", () => {
  it("places a new load balancer's amphora on the host, which counts it", async () => {
    const [host] = await hosts();
    expect(host).toMatchObject({ name: "local", address: "127.0.0.1", state: "UP", enabled: true, amphorae: 0 });
    expect(host!.agent_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "placed" }));
    await stack.untilActive(lb.id);
    expect(await amphoraOf(lb.id)).toMatchObject({ compute_id: host!.id, lb_network_ip: "127.0.0.1", host_name: "local" });
    expect((await hosts())[0]).toMatchObject({ amphorae: 1 });
    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });

  it("a disabled host takes no new amphora: the load balancer goes ERROR saying why; enabled again, one lands", async () => {
    const [host] = await hosts();
    expect(await stack.api.amphoraHost.update.mutate({ id: host!.id, enabled: false })).toMatchObject({ state: "DISABLED" });
    const refused = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "nowhere" }));
    const failed = await untilError(refused.id);
    expect(failed.status_reason).toContain("No amphora host is UP and enabled");
    expect(await stack.driver.status(refused.id)).toMatchObject({ running: false });
    expect((await amphoraOf(refused.id))?.compute_id ?? null).toBeNull();

    await stack.api.amphoraHost.update.mutate({ id: host!.id, enabled: true });
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "somewhere" }));
    await stack.untilActive(lb.id);
    expect(await amphoraOf(lb.id)).toMatchObject({ compute_id: host!.id });
    for (const id of [refused.id, lb.id]) await stack.api.loadBalancer.delete.mutate({ id, cascade: true });
  });

  it("is UP while its agent's heartbeats arrive, DOWN once they stop (and gets no new amphora), UP again with the next", async () => {
    const [host] = await hosts();
    expect(host).toMatchObject({ state: "UP", status: "UP" });
    const { agent, heartbeats } = stack;
    agent!.sender.stop();
    await eventually(async () => ((await hosts())[0]!.state === "DOWN" ? true : undefined), 15_000, "host DOWN");
    const refused = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "host-down" }));
    const failed = await untilError(refused.id);
    expect(failed.status_reason).toContain("No amphora host is UP and enabled");

    // A heartbeat signed with another key is dropped and counted: the host stays DOWN.
    const forged = encodeHeartbeat({ ver: 2, host_id: host!.id, epoch: Date.now(), seq: 0, part: 0, parts: 1, amphorae: {} }, "not-the-heartbeat-key-at-all");
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.send(forged, heartbeats!.listener.address().port, "127.0.0.1", () => resolve()));
    socket.close();
    await eventually(async () => (heartbeats!.listener.counters().forged === 1 ? true : undefined), 5_000, "forged counted");
    expect((await hosts())[0]!.state).toBe("DOWN");

    await agent!.client.configure({
      heartbeat: { host_id: host!.id, targets: [`127.0.0.1:${heartbeats!.listener.address().port}`], interval_ms: 200, key: "test-heartbeat-key-0123456789" },
    });
    await eventually(async () => ((await hosts())[0]!.state === "UP" ? true : undefined), 10_000, "host UP");
    await stack.api.loadBalancer.delete.mutate({ id: refused.id, cascade: true });
  });

  it("is for admins only", async () => {
    const member = createCaller(createInnerContext({ db: stack.db, projectId: stack.projectId, feed: stack.feed, isAdmin: false }));
    await expect(member.amphoraHost.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [host] = await hosts();
    await expect(member.amphoraHost.update({ id: host!.id, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stack.api.amphoraHost.update.mutate({ id: "00000000-0000-4000-8000-000000000000", enabled: false })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });
});
