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
      identity: { user: { id: "00000000-0000-4000-8000-0000000000b1", name }, project: { id: w.projectId, name: "demo" }, roles, cloudAdmin: false },
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

describe("audit.list", () => {
  // Actors of their own, so the filters can tell their entries apart from the other tests'.
  const WRITER = "00000000-0000-4000-8000-0000000000c2";
  const READER = "00000000-0000-4000-8000-0000000000c3";
  const actor = (id: string, name: string, roles: Role[]) =>
    createCaller(createInnerContext({ db: w.db, feed: w.feed, identity: { user: { id, name }, project: { id: w.projectId, name: "demo" }, roles, cloudAdmin: roles.includes("admin") } }));
  const writer = () => actor(WRITER, "pager", ["member"]);
  const reader = () => actor(READER, "onlooker", ["reader"]);
  const admin = () => actor("00000000-0000-4000-8000-0000000000c4", "auditor", ["admin"]);

  it("pages an actor's entries newest first with before and limit, and filters by outcome", async () => {
    const made = [];
    for (const name of ["page-1", "page-2", "page-3"]) made.push(await writer().loadBalancer.create({ name, vip_subnet_id: w.selfservice.id }));
    await expect(reader().loadBalancer.create({ name: "refused", vip_subnet_id: w.selfservice.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const first = await admin().audit.list({ user_id: WRITER, limit: 2 });
    expect(first.map((e) => e.resource_id)).toEqual([made[2]?.id, made[1]?.id]);
    const second = await admin().audit.list({ user_id: WRITER, limit: 2, before: first.at(-1)?.id });
    expect(second.map((e) => e.resource_id)).toEqual([made[0]?.id]);

    expect(await admin().audit.list({ user_id: READER, outcome: "denied" })).toEqual([
      expect.objectContaining({ user_name: "onlooker", procedure: "loadBalancer.create", outcome: "denied" }),
    ]);
    expect(await admin().audit.list({ user_id: READER, outcome: "success" })).toEqual([]);
    const denied = await admin().audit.list({ project_id: w.projectId, outcome: "denied" });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome === "denied" && e.project_id === w.projectId)).toBe(true);
  });

  it("is for admins only, and refuses a bad page with a message", async () => {
    await expect(writer().audit.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin().audit.list({ limit: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("limit must be a whole number from 1 to 1000") });
    await expect(admin().audit.list({ outcome: "maybe" as "denied" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("outcome must be one of success, denied, failed"),
    });
  });
});
