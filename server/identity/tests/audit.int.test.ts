import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBalancers, type Role } from "@/db/schema";
import { listAudit } from "@/server/identity/audit";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Every mutation leaves an audit record with its actor, in the same transaction as the change:
// what succeeded, what the policy refused, and what the service refused (with nothing written).

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w?.close());

const as = (name: string, roles: Role[], requestId: string) =>
  createCaller(
    createInnerContext({
      db: w.db,
      feed: w.feed,
      requestId,
      identity: { user: { id: "00000000-0000-4000-8000-0000000000b1", name }, project: { id: w.projectId, name: "demo" }, roles, isAdmin: false },
    }),
  );

const entryOf = async (requestId: string) => (await listAudit(w.db, { project_id: w.projectId })).filter((e) => e.request_id === requestId);

describe("the audit log", () => {
  it("records the actor, procedure and resource of a mutation that succeeded", async () => {
    const lb = await as("demo", ["member"], "req-ok").loadBalancer.create({ name: "audited", vip_subnet_id: w.selfservice.id });
    expect(await entryOf("req-ok")).toEqual([
      expect.objectContaining({ user_name: "demo", project_id: w.projectId, procedure: "loadBalancer.create", resource_id: lb.id, outcome: "success" }),
    ]);
  });

  it("records a mutation the policy refused as denied", async () => {
    await expect(as("viewer", ["reader"], "req-denied").loadBalancer.create({ name: "nope", vip_subnet_id: w.selfservice.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await entryOf("req-denied")).toEqual([expect.objectContaining({ user_name: "viewer", procedure: "loadBalancer.create", outcome: "denied" })]);
  });

  it("records a mutation the service refused as failed, and nothing of it is left behind", async () => {
    const before = await w.db.select().from(loadBalancers).where(eq(loadBalancers.project_id, w.projectId));
    await expect(
      as("demo", ["member"], "req-failed").loadBalancer.create({
        name: "half",
        vip_subnet_id: w.selfservice.id,
        listeners: [
          { protocol: "HTTP", protocol_port: 80 },
          { protocol: "HTTP", protocol_port: 80 },
        ],
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const [entry] = await entryOf("req-failed");
    expect(entry).toMatchObject({ user_name: "demo", procedure: "loadBalancer.create", outcome: "failed" });
    expect(entry?.detail).toMatch(/80/);
    expect(await w.db.select().from(loadBalancers).where(eq(loadBalancers.project_id, w.projectId))).toHaveLength(before.length);
  });

  it("does not record queries", async () => {
    await as("demo", ["member"], "req-read").loadBalancer.list();
    expect(await entryOf("req-read")).toEqual([]);
  });
});
