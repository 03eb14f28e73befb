import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalDriver } from "@/amphora/driver";
import { haproxiesUsing, signal } from "@/amphora/process-table";
import { removeNamespace } from "@/server/network/apply";
import { webGraph } from "@/server/testing/fixtures";
import { eventually, type Stack, startStack } from "@/server/testing/stack";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// A host of "another machine": the agent as `npm run agent` runs it there, a process of its own
// serving on an address of its own (127.0.0.2), which joins the controller with an admin's
// one-time token. Its network is a host namespace of its own (its underlay address and its
// provider port, AGENT_NETNS), where it plugs its amphorae. The controller reaches it from its
// row, places amphorae on it, serves traffic through it, and fails its load balancers over when
// the process and its HAProxies are killed.

const REMOTE_ADDRESS = "127.0.0.2";

let stack: Stack;
let machine: { namespace: string; address: string };
let agent: ChildProcess | null = null;
const dir = fs.mkdtempSync(path.join(inject("amphoraRoot"), "remote-"));
fs.chmodSync(dir, 0o755);
const amphorae = createLocalDriver({ baseDir: path.join(dir, "amphorae"), log: () => undefined });

beforeAll(async () => {
  stack = await startStack();
  machine = await stack.hostNamespace(9);
});
afterAll(async () => {
  agent?.kill("SIGKILL");
  await Promise.all((await amphorae.list()).map((id) => amphorae.stop(id)));
  await stack?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A port free on the remote address now (the agent must be told it before it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, REMOTE_ADDRESS, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run agent -- --controller … --join …`, with its output kept for a failure's message. */
function runAgent(args: string[]) {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "server/agents/agent-main.ts", ...args], {
    env: {
      ...process.env,
      AGENT_DIR: path.join(dir, "agent"),
      AMPHORA_DIR: path.join(dir, "amphorae"),
      NETWORK_PREFIX: stack.net.prefix,
      AGENT_NETNS: machine.namespace,
      AGENT_UNDERLAY: machine.address,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

/** Whether a TCP connection to address:port is accepted now; undefined while it is not. */
const connects = (address: string, port: number) =>
  new Promise<true | undefined>((resolve) => {
    const socket = net.connect(port, address, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(undefined));
  });

const controllerUrl = () => stack.url.replace(/\/api\/trpc$/, "");
const hostNamed = async (name: string) => (await stack.api.amphoraHost.list.query()).find((h) => h.name === name);

describe("a host of another machine", () => {
  let token: string;

  it("is for admins to invite", async () => {
    const member = createCaller(createInnerContext({ db: stack.db, projectId: stack.projectId, feed: stack.feed, isAdmin: false }));
    await expect(member.amphoraHost.createJoinToken({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const made = await stack.api.amphoraHost.createJoinToken.mutate({ availability_zone: "az-remote" });
    expect(made.token).toMatch(/^[0-9a-f]{64}$/);
    token = made.token;
  });

  it("joins with the token, is UP in its zone, and serves a load balancer placed on it", async () => {
    const port = await freePort();
    const run = runAgent(["--controller", controllerUrl(), "--join", token, "--name", "remote-1", "--address", REMOTE_ADDRESS, "--port", String(port)]);
    agent = run.child;
    const host = await eventually(async () => {
      const h = await hostNamed("remote-1");
      return h?.state === "UP" && h.last_seen_at ? h : undefined;
    }, 30_000, `remote-1 UP (agent output: ${run.output.join("")})`);
    expect(host).toMatchObject({ address: REMOTE_ADDRESS, agent_url: `https://${REMOTE_ADDRESS}:${port}`, availability_zone: "az-remote", joined: true });

    // Only the remote host takes amphorae while the local one is disabled.
    const local = (await hostNamed("local"))!;
    await stack.api.amphoraHost.update.mutate({ id: local.id, enabled: false });
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "on-remote" }));
    try {
      await stack.untilActive(lb.id);
    } finally {
      await stack.api.amphoraHost.update.mutate({ id: local.id, enabled: true });
    }
    const amphora = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lb.id)!;
    expect(amphora).toMatchObject({ compute_id: host.id, lb_network_ip: REMOTE_ADDRESS, host_name: "remote-1" });
    expect(await amphorae.list()).toContain(lb.id);
    const url = `http://${await stack.reach(lb)}/`;
    expect((await fetch(url)).status).toBe(200);

    // Restarted without --join, it serves where it was certified, with what it kept.
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const again = runAgent([]);
    agent = again.child;
    await eventually(() => connects(REMOTE_ADDRESS, port), 20_000, `the restarted agent on ${REMOTE_ADDRESS}:${port} (output: ${again.output.join("")})`);
    expect((await stack.hosts[0]!.client.list()).includes(lb.id)).toBe(false);
    expect(await stack.dataPlane.status(lb.id)).toMatchObject({ running: true });

    // Killed with its HAProxies and its network, as a machine that loses power: the load balancer moves to the local host.
    const remoteAmphora = await stack.amphoraNamespace(lb.id);
    again.child.kill("SIGKILL");
    await again.exited;
    for (const pid of await haproxiesUsing(amphorae.paths(lb.id).config)) signal(pid, "SIGKILL");
    await removeNamespace(stack.net.prefix, remoteAmphora, machine.namespace);
    await removeNamespace(stack.net.prefix, machine.namespace);
    await eventually(async () => ((await hostNamed("remote-1"))?.state === "DOWN" ? true : undefined), 15_000, "remote-1 DOWN");
    await eventually(async () => {
      const now = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lb.id);
      const lbNow = await stack.api.loadBalancer.get.query({ id: lb.id });
      return now?.host_name === "local" && lbNow.provisioning_status === "ACTIVE" ? true : undefined;
    }, 30_000, "failed over to local");
    await eventually(async () => ((await fetch(url)).status === 200 ? true : undefined), 10_000, "served from local");
    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });

  it("refuses a token used once already, and one made up, and records both", async () => {
    for (const bad of [token, "made-up-token"]) {
      const run = runAgent(["--controller", controllerUrl(), "--join", bad, "--name", "remote-2", "--address", REMOTE_ADDRESS, "--port", "9443"]);
      expect(await run.exited).toBe(1);
      expect(run.output.join("")).toContain("the controller refused to join this host: The join token is not valid: unknown, used or expired");
    }
    expect(await hostNamed("remote-2")).toBeUndefined();
    const audit = await stack.api.audit.list.query({ outcome: "failed" });
    expect(audit.filter((a) => a.procedure === "amphoraHost.join").map((a) => a.detail)).toEqual(
      expect.arrayContaining([expect.stringContaining("remote-2 at 127.0.0.2:9443: The join token is not valid")]),
    );
  });
});
