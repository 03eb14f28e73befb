import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_TOO_LARGE, MAX_BATCH_SIZE, MAX_BODY_BYTES } from "@/server/request-limits";
import { claimOctet } from "@/server/testing/address-ranges";
import { handleTrpcRequest } from "@/server/trpc/fetch-handler";
import { startRestWorld } from "./rest-server";

// What one request may ask of the server, at every door: a body over MAX_BODY_BYTES is refused
// with 413 in the door's own error body, with or without a Content-Length, and a tRPC batch of
// more than MAX_BATCH_SIZE calls is refused; bodies and batches within the bounds go through.

const altRange = claimOctet();
let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld();
});
afterAll(async () => {
  await world?.close();
  altRange.release();
});

/** A JSON body of `bytes` bytes: a load balancer whose description pads it out. */
const paddedBody = (bytes: number) => {
  const shell = JSON.stringify({ loadbalancer: { name: "big", description: "" } });
  return JSON.stringify({ loadbalancer: { name: "big", description: "x".repeat(bytes - shell.length) } });
};

/** `text` as a body sent in chunks with no Content-Length (chunked transfer encoding). */
const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      controller.close();
    },
  });

const post = (path: string, body: BodyInit, token?: string) =>
  fetch(`${world.server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-auth-token": token } : {}) },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

describe("REST doors", () => {
  it("refuse a body over the bound with 413 in each door's error body", async () => {
    const big = paddedBody(MAX_BODY_BYTES + 1);
    const octavia = await post("/load-balancer/v2/lbaas/loadbalancers", big, world.tokens.demo);
    expect({ status: octavia.status, body: await octavia.json() }).toEqual({ status: 413, body: { faultcode: "Client", faultstring: BODY_TOO_LARGE, debuginfo: null } });
    const neutron = await post("/networking/v2.0/floatingips", big, world.tokens.demo);
    expect({ status: neutron.status, body: await neutron.json() }).toEqual({
      status: 413,
      body: { NeutronError: { type: "RequestEntityTooLarge", message: BODY_TOO_LARGE, detail: "" } },
    });
    const keystone = await post("/identity/v3/auth/tokens", big);
    expect(keystone.status).toBe(413);
    expect(await keystone.json()).toMatchObject({ error: { code: 413, message: BODY_TOO_LARGE } });
  });

  it("refuse a chunked body (no Content-Length) once it passes the bound", async () => {
    const res = await post("/load-balancer/v2/lbaas/loadbalancers", chunked(paddedBody(2 * MAX_BODY_BYTES)), world.tokens.demo);
    expect(res.status).toBe(413);
  });

  it("read a body at the bound as usual: the schema answers, not the limit", async () => {
    const res = await post("/load-balancer/v2/lbaas/loadbalancers", paddedBody(MAX_BODY_BYTES), world.tokens.demo);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { faultstring: string }).faultstring).toContain("description");
  });
});

describe("the tRPC door", () => {
  const trpc = (path: string, init: RequestInit) => handleTrpcRequest(new Request(`http://127.0.0.1/api/trpc/${path}`, init), async () => world.w.ctx);

  it("refuses a body over the bound with 413 before any procedure runs", async () => {
    const before = (await world.w.caller.secret.list()).length;
    const payload = "A".repeat(MAX_BODY_BYTES);
    const res = await trpc("secret.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ payload, payload_content_type: "text/plain" }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { message: BODY_TOO_LARGE, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } });
    expect((await world.w.caller.secret.list()).length).toBe(before);
  });

  it(`answers a batch of ${MAX_BATCH_SIZE} calls and refuses one of ${MAX_BATCH_SIZE + 1}`, async () => {
    const batch = (n: number) => trpc(`${Array(n).fill("loadBalancer.list").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`, { method: "GET" });
    const ok = await batch(MAX_BATCH_SIZE);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(MAX_BATCH_SIZE);
    const over = await batch(MAX_BATCH_SIZE + 1);
    expect(over.status).toBe(400);
    expect(JSON.stringify(await over.json())).toContain("Batch call exceeds maximum size");
  });
});
