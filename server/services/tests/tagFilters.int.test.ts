import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";

// Octavia's tag filters on every list: tags (every one), tags-any, not-tags (not every one),
// not-tags-any (none of them).

let w: TestWorld;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await testWorld();
  for (const [name, tags] of [
    ["ab", ["a", "b"]],
    ["a", ["a"]],
    ["c", ["c"]],
    ["none", []],
  ] as const) {
    ids[name] = (await w.caller.loadBalancer.create({ name, vip_subnet_id: w.selfservice.id, tags: [...tags] })).id;
  }
});
afterAll(() => w?.close());

const names = async (filter: Record<string, string[]>) =>
  (await w.caller.loadBalancer.list({ ...filter, sort: "name:asc" })).items.map((lb) => lb.name);

describe("tag filters", () => {
  it("select rows by every tag, any tag, not every tag and no tag", async () => {
    expect(await names({ tags: ["a"] })).toEqual(["a", "ab"]);
    expect(await names({ tags: ["a", "b"] })).toEqual(["ab"]);
    expect(await names({ "tags-any": ["b", "c"] })).toEqual(["ab", "c"]);
    expect(await names({ "not-tags": ["a", "b"] })).toEqual(["a", "c", "none"]);
    expect(await names({ "not-tags-any": ["a", "c"] })).toEqual(["none"]);
    expect(await names({ tags: [] })).toEqual(["a", "ab", "c", "none"]);
  });

  it("work on the child lists too, beside the other filters", async () => {
    await markTreeActive(w, ids.none!);
    const web = await w.caller.listener.create({ loadbalancer_id: ids.none!, protocol: "HTTP", protocol_port: 80, tags: ["web"] });
    await markTreeActive(w, ids.none!);
    await w.caller.listener.create({ loadbalancer_id: ids.none!, protocol: "TCP", protocol_port: 22, tags: ["ssh"] });
    expect((await w.caller.listener.list({ tags: ["web"] })).items.map((l) => l.id)).toEqual([web.id]);
    expect((await w.caller.listener.list({ "not-tags-any": ["web"], protocol: "TCP" })).items.map((l) => l.protocol_port)).toEqual([22]);
    await expect(w.caller.pool.list({ "tags-any": [1 as unknown as string] })).rejects.toThrow("tags-any must be a list of tags");
  });
});
