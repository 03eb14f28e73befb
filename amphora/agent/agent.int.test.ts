import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agentTls, controllerTls, issueHostCertificate, newPki } from "@/server/agents/pki";
import { issueCertificate } from "@/server/keymanager/issue";
import { ConfigRejectedError, createLocalDriver } from "../driver";
import type { LoadBalancerModel } from "../model";
import { renderConfig } from "../render";
import { bodies, freePort, type MemberServer, startMemberServer } from "../testing/http";
import { id, listener, loadBalancer, member, pool } from "../testing/models";
import { type AgentClient, AgentError, connectAgent } from "./client";
import { hostInfo } from "./api";
import { type AgentServer, startAgentServer } from "./server";

// The amphora agent over real HTTPS with mutual TLS, driving a real HAProxy: what the controller
// does through it, what it refuses (clients that are not the controller, bad requests), and how
// the controller's client behaves when an agent fails or hangs.

const VIP = "127.77.209.1";
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "agent-"));
const pki = newPki();
const hostCert = issueHostCertificate(pki, "127.0.0.1");
const driver = createLocalDriver({ baseDir, log: () => undefined, stopGraceMs: 500 });
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let agent: AgentServer;
let client: AgentClient;
let web: MemberServer;
let port: number;
const lbId = id();
const poolId = id();

const model = (): LoadBalancerModel =>
  loadBalancer({
    id: lbId,
    vip_address: VIP,
    listeners: [listener({ protocol_port: port, default_pool_id: poolId })],
    pools: [pool({ id: poolId, members: [member({ address: web.address, protocol_port: web.port })] })],
  });

/** One raw request with the given client certificate (or none): its status, or the TLS error. */
function rawRequest(method: string, pathname: string, cert: { key: string; cert: string } | null): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const req = https.request(`${agent.url}${pathname}`, { method, ca: pki.ca.cert, ...(cert ?? {}), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", resolve);
    req.end();
  });
}

beforeAll(async () => {
  web = await startMemberServer("web", "127.77.209.11");
  cleanups.push(() => web.close());
  port = await freePort(VIP);
  agent = await startAgentServer({ driver, info: await hostInfo(baseDir, "/usr/sbin/haproxy"), host: "127.0.0.1", port: 0, tls: agentTls(pki, hostCert) });
  cleanups.push(() => agent.close());
  client = await connectAgent({ url: agent.url, tls: controllerTls(pki) });
  cleanups.push(() => client.close());
});

afterAll(async () => {
  await driver.stop(lbId).catch(() => undefined);
  for (const cleanup of cleanups.reverse()) await cleanup();
  fs.rmSync(baseDir, { recursive: true, force: true });
});

describe("amphora agent", () => {
  it("tells the controller about its host, Octavia's info and where it keeps amphorae", () => {
    expect(client.info).toMatchObject({ api_version: "1.0", hostname: os.hostname(), base_dir: path.resolve(baseDir) });
    expect(client.info.haproxy_version).toMatch(/^2\.6\./);
  });

  it("starts HAProxy from an uploaded config; the controller reads it back, its status and stats", async () => {
    const text = renderConfig(model(), client.paths(lbId));
    const result = await client.apply(lbId, text, "load balancer created");
    expect(result.action).toBe("started");
    expect(await bodies(`http://${VIP}:${port}/`, 2)).toEqual(["web", "web"]);
    expect(await client.status(lbId)).toEqual({ running: true, pid: result.pid });
    expect(await client.readConfig(lbId)).toBe(text);
    expect(await client.list()).toEqual([lbId]);
    const counters = await client.counters(lbId);
    expect(counters.stats.some((r) => r.type === "frontend")).toBe(true);
    expect(counters.worker_pid).toBeGreaterThan(0);
    const stranger = id();
    expect(await client.running({ [lbId]: result.pid, [stranger]: null })).toEqual({ [lbId]: { running: true, pid: result.pid }, [stranger]: { running: false, pid: null } });
    expect(await client.apply(lbId, text, "again")).toMatchObject({ action: "unchanged", pid: result.pid });
  });

  it("hands back what the replaced worker counted when a change reloads HAProxy", async () => {
    await bodies(`http://${VIP}:${port}/`, 3);
    const before = (await client.counters(lbId)).worker_pid;
    let replaced: { worker_pid: number; requests: number } | null = null;
    const text = `${renderConfig(model(), client.paths(lbId))}\n# a change that only a reload applies\n`;
    const result = await client.apply(lbId, text, "reload", async (last) => {
      const frontend = last.stats.find((r) => r.type === "frontend");
      replaced = { worker_pid: last.worker_pid, requests: frontend?.stot ?? 0 };
    });
    expect(result.action).toBe("reloaded");
    expect(replaced).toEqual({ worker_pid: before, requests: expect.any(Number) });
    expect(replaced!.requests).toBeGreaterThanOrEqual(5);
  });

  it("says why HAProxy refused a config, and the running one keeps serving", async () => {
    const bad = `${renderConfig(model(), client.paths(lbId))}\nbackend spoiled\n    this-is-not-a-directive\n`;
    const err = await client.apply(lbId, bad, "bad").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigRejectedError);
    expect((err as ConfigRejectedError).stage).toBe("check");
    expect((err as ConfigRejectedError).output).toContain("this-is-not-a-directive");
    expect(await bodies(`http://${VIP}:${port}/`, 1)).toEqual(["web"]);
  });

  it("answers bad requests with Octavia's error body", async () => {
    const controller = pki.controller;
    expect(await rawRequest("PUT", `/1.0/loadbalancer/${lbId}/certificates/..%2Fhaproxy.cfg`, controller)).toMatchObject({
      status: 400,
      body: JSON.stringify({ message: "Filename has wrong format" }),
    });
    const unknownAction = await rawRequest("PUT", `/1.0/loadbalancer/${lbId}/explode`, controller);
    expect(unknownAction).toMatchObject({ status: 400 });
    expect(JSON.parse((unknownAction as { body: string }).body)).toEqual({ message: "Invalid Request", details: "Unknown action: explode" });
    const missing = await rawRequest("GET", `/1.0/loadbalancer/${id()}/haproxy`, controller);
    expect(missing).toMatchObject({ status: 404 });
    expect(JSON.parse((missing as { body: string }).body).message).toBe("Loadbalancer Not Found");
    expect(await rawRequest("GET", "/1.0/loadbalancer/not-a-uuid/haproxy", controller)).toMatchObject({ status: 404 });
    expect(await rawRequest("DELETE", "/1.0/info", controller)).toMatchObject({ status: 405 });
  });

  it("serves only the controller: no certificate, another CA's, or another host's is refused", async () => {
    expect(await rawRequest("GET", "/1.0/info", null)).toBeInstanceOf(Error);
    const stranger = issueCertificate({ cn: "lbaas-controller", usage: "client" }, issueCertificate({ cn: "another CA", ca: true }));
    expect(await rawRequest("GET", "/1.0/info", stranger)).toBeInstanceOf(Error);
    // Signed by the same CA: a host's certificate is for serving only, and a client that is not the controller is turned away.
    expect(await rawRequest("GET", "/1.0/info", issueHostCertificate(pki, "127.0.0.2"))).toBeInstanceOf(Error);
    expect(await rawRequest("GET", "/1.0/info", issueCertificate({ cn: "someone", usage: "client" }, pki.ca))).toMatchObject({ status: 403 });
  });

  it("stops HAProxy and removes the amphora", async () => {
    await client.stop(lbId);
    expect(await client.status(lbId)).toEqual({ running: false, pid: null });
    expect(await client.list()).toEqual([]);
    expect(await client.readConfig(lbId)).toBeNull();
  });
});

describe("the controller's client of a failing agent", () => {
  /** An agent whose /info answers and whose every other call is handled by `handler`. */
  async function faultyAgent(handler: (res: import("node:http").ServerResponse) => void) {
    const calls: string[] = [];
    const server = https.createServer({ ...agentTls(pki, hostCert), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      if (req.url === "/1.0/info") return res.end(JSON.stringify({ hostname: "faulty", haproxy_version: "2.6", api_version: "1.0", base_dir: baseDir }));
      calls.push(`${req.method} ${req.url}`);
      handler(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port: agentPort } = server.address() as import("node:net").AddressInfo;
    const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
    cleanups.push(close);
    return { url: `https://127.0.0.1:${agentPort}`, calls };
  }

  it("tries an apply again with backoff when the agent answers 500, then fails with the agent's reason", async () => {
    const faulty = await faultyAgent((res) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal Server Error", details: "disk full" })));
    const c = await connectAgent({ url: faulty.url, tls: controllerTls(pki), backoffMs: 10 });
    const err = await c.apply(lbId, "global\n", "create").catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(AgentError);
    expect((err as Error).message).toContain("disk full");
    expect(faulty.calls).toEqual(Array(3).fill(`PUT /1.0/loadbalancer/${lbId}/${lbId}/haproxy`));
  });

  it("gives up on an agent that hangs, after its timeout, on every try", async () => {
    const faulty = await faultyAgent(() => undefined);
    const c = await connectAgent({ url: faulty.url, tls: controllerTls(pki), timeoutMs: 200, readTimeoutMs: 200, backoffMs: 10 });
    const err = await c.apply(lbId, "global\n", "create").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentError);
    expect((err as Error).message).toMatch(/did not answer .* after 3 tries: no answer within 200 ms/);
    await expect(c.status(lbId)).rejects.toThrow(/no answer within 200 ms/);
    c.close();
    expect(faulty.calls.length).toBe(4);
  });
});
