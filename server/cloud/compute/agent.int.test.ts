import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { instances } from "@/db/schema";
import { syncInstanceServers } from "@/server/cloud/instances";
import { namespaceName } from "@/server/network/names";
import { type NetworkReconciler, startNetworkReconciler } from "@/server/network/reconciler";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { curlFrom } from "@/server/testing/probe";
import { eventually } from "@/server/testing/stack";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { type ComputeAgent, ComputeAgentUnavailableError, DEFAULT_REQUEST_TIMEOUT_MS, startComputeAgent } from "./agent";

// The compute agent under supervision, with real processes: a killed agent is restarted and its
// instance servers come back; a request to a dead or frozen agent fails within the timeout with
// a message a person understands, and never hangs. The demo instances serve in their namespaces
// on the world's network, so they are asked from inside the cloud: from db1, on backend, through
// router1.

let w: TestWorld;
let compute: ComputeAgent;
let network: NetworkReconciler;
let caller: ReturnType<typeof createCaller>;

/** The body an instance server answers db1 with, or null if nothing answers there. */
async function answer(ip: string): Promise<string | null> {
  const { status, body } = await curlFrom(namespaceName(w.net.prefix, "instance", w.db1.id), `http://${ip}/`, [], 2);
  return status === 0 ? null : body.trim();
}

const statusOf = async (id: string) => (await w.db.select({ s: instances.status }).from(instances).where(eq(instances.id, id)))[0]?.s;

/** Settles `promise` or fails the test once `ms` passed: the point is that nothing hangs. */
async function within<T>(ms: number, promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })), bound]);
  } finally {
    clearTimeout(timer);
  }
}

const unavailable = (name: string, verb: string) => ({
  code: "SERVICE_UNAVAILABLE",
  message: `The compute agent is not answering: instance ${name} was not ${verb}. Try again in a moment.`,
});

beforeAll(async () => {
  w = await testWorld();
  // The first restart waits longer than a request may, so a request right after a kill fails
  // (the case to show); a quicker restart would let it succeed on the new process instead.
  compute = await startComputeAgent({
    networkPrefix: w.net.prefix,
    onRestart: (agent) => syncInstanceServers(w.db, agent),
    backoff: { initialMs: DEFAULT_REQUEST_TIMEOUT_MS + 2_000 },
  });
  // The world's network as production makes it (its first pass makes every instance's
  // namespace), without an after-pass sync: the agent here gets only the requests the test sends.
  network = await startNetworkReconciler({ database: w.database, settings: w.networkSettings, log: () => {} });
  await syncInstanceServers(w.db, compute);
  caller = createCaller(createInnerContext({ db: w.db, projectId: w.projectId, feed: w.feed, compute }));
});

afterAll(async () => {
  await compute?.stop();
  await network?.stop();
  await w?.close();
});

describe("the supervised compute agent", () => {
  it("answers stop within the timeout after kill -9, then is back with its instance servers", async () => {
    expect(await answer(w.web1.fixed_ip)).toBe("web1");
    const oldPid = compute.pid!;
    expect(oldPid).toBeGreaterThan(0);
    process.kill(oldPid, "SIGKILL");

    const started = Date.now();
    const result = await within(DEFAULT_REQUEST_TIMEOUT_MS + 3_000, caller.instance.stop({ id: w.web3.id }));
    expect(result.ok ? result.value : result.error).toMatchObject(unavailable("web3", "stopped"));
    expect(Date.now() - started).toBeLessThan(DEFAULT_REQUEST_TIMEOUT_MS + 1_000);
    expect(await statusOf(w.web3.id)).toBe("ACTIVE"); // the stop that did not happen is taken back
    expect(await answer(w.web1.fixed_ip)).toBeNull(); // nothing serves while the agent is down

    const newPid = await eventually(async () => (compute.pid && compute.pid !== oldPid ? compute.pid : undefined), 20_000, "a new agent");
    expect(newPid).not.toBe(oldPid);
    await eventually(async () => ((await answer(w.web1.fixed_ip)) === "web1" ? true : undefined), 20_000, "web1 to answer again");
    expect(await answer(w.web2.fixed_ip)).toBe("web2");
    expect(await answer(w.web3.fixed_ip)).toBe("web3");
    // And the new process takes orders.
    await caller.instance.stop({ id: w.web3.id });
    expect(await answer(w.web3.fixed_ip)).toBeNull();
    await caller.instance.start({ id: w.web3.id });
    expect(await answer(w.web3.fixed_ip)).toBe("web3");
  });

  it("fails a request to a frozen agent within the timeout, and resyncs when it answers late", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    onTestFinished(() => spy.mockRestore());
    const pid = compute.pid!;
    process.kill(pid, "SIGSTOP");
    try {
      const started = Date.now();
      const result = await within(DEFAULT_REQUEST_TIMEOUT_MS + 3_000, caller.instance.stop({ id: w.web2.id }));
      expect(result.ok ? result.value : result.error).toMatchObject(unavailable("web2", "stopped"));
      expect(Date.now() - started).toBeGreaterThanOrEqual(DEFAULT_REQUEST_TIMEOUT_MS - 100);
      expect(await statusOf(w.web2.id)).toBe("ACTIVE");
    } finally {
      process.kill(pid, "SIGCONT");
    }
    // The thawed agent carries out the stop it was sent, answers late, and is put back in line
    // with the database: web2 serves again, on the same process.
    await eventually(async () => (logged.some((l) => l.includes("after its caller gave up; instance servers synced again")) ? true : undefined), 15_000, "the resync");
    expect(await answer(w.web2.fixed_ip)).toBe("web2");
    expect(compute.pid).toBe(pid);
  });

  it("ends the agent for good on stop: no restart, and requests fail at once", async () => {
    const pid = compute.pid!;
    await compute.stop();
    expect(compute.pid).toBeNull();
    expect(() => process.kill(pid, 0)).toThrow();
    const started = Date.now();
    await expect(compute.sync([])).rejects.toThrow(new ComputeAgentUnavailableError("not running"));
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(compute.pid).toBeNull();
    expect(await answer(w.web1.fixed_ip)).toBeNull();
  });
});

describe("an agent started without onRestart", () => {
  it("re-sends the last set it confirmed to the restarted process", async () => {
    const solo = await startComputeAgent({ backoff: { initialMs: 100 } });
    try {
      // In web1's namespace, on a port of its own: the set names its namespace itself.
      const address = w.web1.fixed_ip;
      await solo.sync([{ name: "solo", address, port: 8080, netns: namespaceName(w.net.prefix, "instance", w.web1.id) }]);
      expect(await answer(`${address}:8080`)).toBe("solo");
      const oldPid = solo.pid!;
      process.kill(oldPid, "SIGKILL");
      await eventually(async () => (solo.pid && solo.pid !== oldPid ? true : undefined), 20_000, "a new agent");
      await eventually(async () => ((await answer(`${address}:8080`)) === "solo" ? true : undefined), 20_000, "solo to answer again");
    } finally {
      await solo.stop();
    }
  });
});
