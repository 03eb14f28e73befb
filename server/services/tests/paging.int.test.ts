import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBalancers } from "@/db/schema";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection, markTreeActive, webGraph } from "@/server/testing/fixtures";

// Octavia's list semantics (limit, marker, page_reverse, sort, sort_key/sort_dir, filters) and
// the dashboard's search, through createCaller, on PGlite and on PostgreSQL (TEST_DB=postgres).

let w: TestWorld;
type Caller = TestWorld["caller"];
type LoadBalancer = Awaited<ReturnType<Caller["loadBalancer"]["get"]>>;

/** The rows the paging tests walk: they carry this description, which filters everything else out. */
const PAGED = "paging fixture";
const NAMES = ["delta", "alpha", "charlie", "bravo"];
let paged: LoadBalancer[];

beforeAll(async () => {
  w = await testWorld();
  const created: LoadBalancer[] = [];
  for (let i = 0; i < 22; i++) {
    const lb = await w.caller.loadBalancer.create({ name: NAMES[i % NAMES.length], description: PAGED, vip_subnet_id: w.selfservice.id });
    created.push(lb);
  }
  // Three rows share each creation time, so sorts that reach created_at still tie and the id
  // must break them. Whole seconds: the expected order below is computed from the API's text.
  for (const [i, lb] of created.entries()) {
    const second = String(Math.floor(i / 3)).padStart(2, "0");
    await w.db.update(loadBalancers).set({ created_at: `2030-01-01T00:00:${second}.000Z` }).where(eq(loadBalancers.id, lb.id));
  }
  paged = (await w.caller.loadBalancer.list({ description: PAGED })).items;
});
afterAll(() => w.close());

type Dir = "asc" | "desc";
/** The order the API promises for `keys` (created_at and id appended as Octavia does), in JavaScript. */
function expectedOrder(rows: LoadBalancer[], keys: [keyof LoadBalancer, Dir][]): string[] {
  const all: [keyof LoadBalancer, Dir][] = [...keys];
  if (!all.some(([k]) => k === "created_at")) all.push(["created_at", "asc"]);
  if (!all.some(([k]) => k === "id")) all.push(["id", "asc"]);
  return [...rows]
    .sort((a, b) => {
      for (const [key, dir] of all) {
        const [x, y] = [String(a[key]), String(b[key])];
        if (x !== y) return (x < y ? -1 : 1) * (dir === "asc" ? 1 : -1);
      }
      return 0;
    })
    .map((lb) => lb.id);
}

type ListInput = NonNullable<Parameters<Caller["loadBalancer"]["list"]>[0]>;

/** Follows next_marker from the first page to the last; every page but the last is full. */
async function walkForward(input: ListInput, limit: number) {
  const ids: string[] = [];
  let marker: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await w.caller.loadBalancer.list({ ...input, limit, marker });
    expect(page.previous_marker).toBe(marker === undefined ? null : (page.items[0]?.id ?? null));
    ids.push(...page.items.map((lb) => lb.id));
    if (!page.next_marker) return ids;
    expect(page.items).toHaveLength(limit);
    expect(page.next_marker).toBe(page.items.at(-1)?.id);
    marker = page.next_marker;
  }
  throw new Error("more than 100 pages");
}

/** From the last page (page_reverse without a marker), follows previous_marker back to the first. */
async function walkBackward(input: ListInput, limit: number) {
  const pages: string[][] = [];
  let marker: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await w.caller.loadBalancer.list({ ...input, limit, marker, page_reverse: true });
    expect(page.next_marker).toBe(marker === undefined ? null : (page.items.at(-1)?.id ?? null));
    pages.unshift(page.items.map((lb) => lb.id));
    if (!page.previous_marker) return pages.flat();
    expect(page.items).toHaveLength(limit);
    expect(page.previous_marker).toBe(page.items[0]?.id);
    marker = page.previous_marker;
  }
  throw new Error("more than 100 pages");
}

describe("limit, marker and page_reverse", () => {
  it.each<[string, [keyof LoadBalancer, Dir][]]>([
    ["", []],
    ["name:desc,created_at:asc", [["name", "desc"], ["created_at", "asc"]]],
    ["provisioning_status,created_at:desc", [["provisioning_status", "asc"], ["created_at", "desc"]]],
    ["created_at:desc", [["created_at", "desc"]]],
    ["name:asc,id:desc", [["name", "asc"], ["id", "desc"]]],
    // Columns that are NULL here: NULLs sort (and compare with the marker) as one value.
    ["flavor_id,availability_zone:desc,name", [["flavor_id", "asc"], ["availability_zone", "desc"], ["name", "asc"]]],
  ])("walks every page forwards and backwards under sort %j, no row repeated or missed", async (sort, keys) => {
    const expected = expectedOrder(paged, keys);
    expect(expected).toHaveLength(22);
    const input = { description: PAGED, ...(sort && { sort }) };
    expect((await w.caller.loadBalancer.list(input)).items.map((lb) => lb.id)).toEqual(expected);
    for (const limit of [1, 4, 5, 22, 30]) {
      expect(await walkForward(input, limit)).toEqual(expected);
      expect(await walkBackward(input, limit)).toEqual(expected);
    }
  });

  it("goes back from a page reached forwards to exactly the page before it", async () => {
    const input = { description: PAGED, sort: "name:asc" };
    const first = await w.caller.loadBalancer.list({ ...input, limit: 5 });
    const second = await w.caller.loadBalancer.list({ ...input, limit: 5, marker: first.next_marker! });
    const back = await w.caller.loadBalancer.list({ ...input, limit: 5, marker: second.previous_marker!, page_reverse: true });
    expect(back.items.map((lb) => lb.id)).toEqual(first.items.map((lb) => lb.id));
    expect(back.previous_marker).toBeNull();
    expect(back.next_marker).toBe(first.next_marker);
  });

  it("answers everything in one page without a limit, with no markers", async () => {
    const page = await w.caller.loadBalancer.list({ description: PAGED });
    expect(page).toMatchObject({ next_marker: null, previous_marker: null });
    expect(page.items).toHaveLength(22);
    // An exact fit: a full page with nothing after it has no next page.
    expect((await w.caller.loadBalancer.list({ description: PAGED, limit: 22 })).next_marker).toBeNull();
  });

  it("cuts a limit above 1000 down and refuses one below 1 with Octavia's message", async () => {
    expect((await w.caller.loadBalancer.list({ description: PAGED, limit: 5000 })).items).toHaveLength(22);
    await expectRejection(w.caller.loadBalancer.list({ limit: 0 }), "BAD_REQUEST", "Supplied pagination limit '0' is not valid.");
    await expectRejection(w.caller.loadBalancer.list({ limit: 2.5 }), "BAD_REQUEST", "Supplied pagination limit '2.5' is not valid.");
  });

  it("refuses an unknown marker with Octavia's message (a random id, not an id, another project's)", async () => {
    const unknown = randomUUID();
    await expectRejection(w.caller.loadBalancer.list({ limit: 2, marker: unknown }), "BAD_REQUEST", `Supplied pagination marker '${unknown}' is not valid.`);
    await expectRejection(w.caller.loadBalancer.list({ marker: "nope" }), "BAD_REQUEST", "Supplied pagination marker 'nope' is not valid.");
    const other = await w.otherProject();
    await expectRejection(other.loadBalancer.list({ limit: 2, marker: paged[0]!.id }), "BAD_REQUEST", `Supplied pagination marker '${paged[0]!.id}' is not valid.`);
    // The last row as marker is known: an empty page, not an error.
    const last = (await w.caller.loadBalancer.list({ description: PAGED })).items.at(-1)!;
    expect(await w.caller.loadBalancer.list({ description: PAGED, limit: 3, marker: last.id })).toEqual({ items: [], next_marker: null, previous_marker: null });
  });
});

describe("sorting", () => {
  it("sorts by name ascending and descending", async () => {
    const names = async (sort: string) => (await w.caller.loadBalancer.list({ description: PAGED, sort })).items.map((lb) => lb.name);
    const ascending = [...paged.map((lb) => lb.name)].sort();
    expect(await names("name:asc")).toEqual(ascending);
    expect(await names("name")).toEqual(ascending);
    expect(await names("name:DESC")).toEqual([...ascending].reverse());
  });

  it("takes sort_key and sort_dir (missing directions are asc), and sort wins over them", async () => {
    const ids = async (input: ListInput) => (await w.caller.loadBalancer.list({ description: PAGED, ...input })).items.map((lb) => lb.id);
    const nameDescThenCreatedAsc = expectedOrder(paged, [["name", "desc"], ["created_at", "asc"]]);
    expect(await ids({ sort_key: "name,created_at", sort_dir: "desc" })).toEqual(nameDescThenCreatedAsc);
    expect(await ids({ sort_key: "name,created_at", sort_dir: "desc,desc" })).toEqual(expectedOrder(paged, [["name", "desc"], ["created_at", "desc"]]));
    expect(await ids({ sort_key: "name" })).toEqual(expectedOrder(paged, [["name", "asc"]]));
    expect(await ids({ sort: "name:desc", sort_key: "id", sort_dir: "asc" })).toEqual(nameDescThenCreatedAsc);
  });

  it("sorts VIP addresses as addresses, not as text", async () => {
    const vips = (await w.caller.loadBalancer.list({ description: PAGED, sort: "vip_address:asc" })).items.map((lb) => lb.vip_address);
    const numeric = (ip: string) => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    expect(vips).toEqual([...vips].sort((a, b) => numeric(a) - numeric(b)));
  });

  it("refuses an invalid sort key or direction with Octavia's messages", async () => {
    const invalid = (input: ListInput, message: string) => expectRejection(w.caller.loadBalancer.list(input), "BAD_REQUEST", message);
    await invalid({ sort: "bogus:asc" }, "Supplied sort key 'bogus' is not valid.");
    await invalid({ sort: "name:asc,tags" }, "Supplied sort key 'tags' is not valid.");
    await invalid({ sort: "name:asc:desc" }, "Supplied sort key 'name:asc:desc' is not valid.");
    await invalid({ sort_key: "bogus" }, "Supplied sort key 'bogus' is not valid.");
    await invalid({ sort: "name:up" }, "Supplied sort direction 'up' is not valid.");
    await invalid({ sort: "name:Sideways" }, "Supplied sort direction 'sideways' is not valid.");
    await invalid({ sort_key: "name", sort_dir: "down" }, "Supplied sort direction 'down' is not valid.");
    await expectRejection(w.caller.listener.list({ sort: "vip_address" }), "BAD_REQUEST", "Supplied sort key 'vip_address' is not valid.");
  });
});

describe("filters", () => {
  let web: Awaited<ReturnType<Caller["loadBalancer"]["create"]>>;
  beforeAll(async () => {
    web = await w.caller.loadBalancer.create(webGraph(w, { name: "filtered-web" }));
    await markTreeActive(w, web.id);
  });

  it("filters load balancers by their own fields", async () => {
    const names = async (input: ListInput) => (await w.caller.loadBalancer.list(input)).items.map((lb) => lb.name);
    expect(await names({ name: "filtered-web" })).toEqual(["filtered-web"]);
    expect(await names({ vip_address: web.vip_address })).toEqual(["filtered-web"]);
    expect(await names({ id: web.id })).toEqual(["filtered-web"]);
    expect(await names({ provisioning_status: "ACTIVE" })).toEqual(["filtered-web"]);
    expect(await names({ name: "alpha", description: PAGED })).toHaveLength(6);
    expect(await names({ name: "alpha", operating_status: "ONLINE" })).toEqual([]);
    expect(await names({ admin_state_up: false })).toEqual([]);
    await expectRejection(w.caller.loadBalancer.list({ provisioning_status: "SLEEPING" as never }), "BAD_REQUEST", "provisioning_status must be one of");
    await expectRejection(w.caller.loadBalancer.list({ colour: "red" } as never), "BAD_REQUEST", "");
  });

  it("filters listeners, pools, members and health monitors by theirs", async () => {
    const pool = web.pools[0]!;
    const listener = web.listeners[0]!;
    expect((await w.caller.listener.list({ loadbalancer_id: web.id, protocol_port: 80 })).items.map((l) => l.id)).toEqual([listener.id]);
    expect((await w.caller.listener.list({ loadbalancer_id: web.id, protocol_port: 81 })).items).toEqual([]);
    expect((await w.caller.listener.list({ loadbalancer_id: web.id, default_pool_id: null })).items).toEqual([]);
    expect((await w.caller.listener.list({ default_pool_id: pool.id })).items.map((l) => l.id)).toEqual([listener.id]);
    expect((await w.caller.pool.list({ lb_algorithm: "ROUND_ROBIN", loadbalancer_id: web.id })).items.map((p) => p.id)).toEqual([pool.id]);
    expect((await w.caller.pool.list({ lb_algorithm: "SOURCE_IP", loadbalancer_id: web.id })).items).toEqual([]);
    const members = await w.caller.member.list({ pool_id: pool.id, address: w.web2.fixed_ip });
    expect(members.items.map((m) => m.address)).toEqual([w.web2.fixed_ip]);
    expect((await w.caller.member.list({ pool_id: pool.id, weight: 1, sort: "address:desc" })).items.map((m) => m.address)).toEqual([
      w.web2.fixed_ip,
      w.web1.fixed_ip,
    ]);
    expect((await w.caller.member.list({ pool_id: pool.id, monitor_address: null, limit: 1 })).next_marker).not.toBeNull();
    expect((await w.caller.healthMonitor.list({ pool_id: pool.id, type: "HTTP" })).items).toHaveLength(1);
    expect((await w.caller.healthMonitor.list({ pool_id: pool.id, type: "TCP" })).items).toEqual([]);
    expect((await w.caller.healthMonitor.list({ http_method: "GET", url_path: "/" })).items.map((h) => h.pool_id)).toContain(pool.id);
  });

  it("pages the child lists the same way", async () => {
    const pool = web.pools[0]!;
    const first = await w.caller.member.list({ pool_id: pool.id, limit: 1, sort: "address:asc" });
    const second = await w.caller.member.list({ pool_id: pool.id, limit: 1, sort: "address:asc", marker: first.next_marker! });
    expect([...first.items, ...second.items].map((m) => m.address)).toEqual([w.web1.fixed_ip, w.web2.fixed_ip]);
    expect(second).toMatchObject({ next_marker: null, previous_marker: second.items[0]!.id });
    await expectRejection(w.caller.member.list({ pool_id: randomUUID() }), "NOT_FOUND", "not found");
  });
});

describe("search", () => {
  let web: Awaited<ReturnType<Caller["loadBalancer"]["create"]>>;
  let floatingIp: string;
  beforeAll(async () => {
    web = await w.caller.loadBalancer.create({ name: "Search-Target", vip_subnet_id: w.selfservice.id });
    await markTreeActive(w, web.id);
    const fip = await w.caller.floatingIp.allocate({ floating_network_id: w.publicSubnet.network_id });
    await w.caller.floatingIp.associate({ id: fip.id, port_id: web.vip_port_id! });
    await markTreeActive(w, web.id);
    floatingIp = fip.floating_ip_address;
  });

  const found = async (search: string, caller: Caller = w.caller) => (await caller.loadBalancer.list({ search })).items.map((lb) => lb.id);

  it("finds a load balancer by its VIP address and by the floating IP on its VIP", async () => {
    expect(await found(web.vip_address)).toEqual([web.id]);
    expect(await found(floatingIp)).toEqual([web.id]);
    expect(await found(floatingIp.split(".").slice(0, 3).join("."))).toContain(web.id);
  });

  it("matches the name in any case, the start of the id and the statuses; blank searches nothing", async () => {
    expect(await found("search-tar")).toEqual([web.id]);
    expect(await found(web.id.slice(0, 8).toUpperCase())).toEqual([web.id]);
    expect(await found(web.id.slice(4, 12))).not.toContain(web.id);
    expect(await found("active")).toContain(web.id);
    expect((await found("pending_create")).sort()).toEqual(paged.map((lb) => lb.id).sort());
    expect(await found("   ")).toHaveLength((await w.caller.loadBalancer.list()).items.length);
  });

  it("takes % and _ literally", async () => {
    const odd = await w.caller.loadBalancer.create({ name: "100%_sure", vip_subnet_id: w.selfservice.id });
    expect(await found("%_")).toEqual([odd.id]);
    expect(await found("0%")).toEqual([odd.id]);
    expect(await found("%")).toEqual([odd.id]);
    expect(await found("\\")).toEqual([]);
  });

  it("pages and sorts a search like any list", async () => {
    const all = await w.caller.loadBalancer.list({ search: "pending_create", sort: "name:desc" });
    const first = await w.caller.loadBalancer.list({ search: "pending_create", sort: "name:desc", limit: 10 });
    const rest = await w.caller.loadBalancer.list({ search: "pending_create", sort: "name:desc", limit: 100, marker: first.next_marker! });
    expect([...first.items, ...rest.items].map((lb) => lb.id)).toEqual(all.items.map((lb) => lb.id));
  });
});

describe("project scope", () => {
  it("never shows another project's rows, whatever the filter, search, sort or marker", async () => {
    const other = await w.otherProject();
    const mine = (await w.caller.loadBalancer.list()).items;
    expect(mine.length).toBeGreaterThan(20);
    const theirs = await other.loadBalancer.create({ name: "alpha", description: PAGED, vip_subnet_id: (await other.subnet.list()).find((s) => s.name === "selfservice-subnet")!.id });
    const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);
    expect(ids(await other.loadBalancer.list())).toEqual([theirs.id]);
    expect(ids(await other.loadBalancer.list({ description: PAGED, sort: "name:asc", limit: 50 }))).toEqual([theirs.id]);
    expect(ids(await other.loadBalancer.list({ search: "alpha" }))).toEqual([theirs.id]);
    expect(ids(await other.loadBalancer.list({ search: mine[0]!.vip_address }))).not.toContain(mine[0]!.id);
    expect(ids(await other.loadBalancer.list({ id: mine[0]!.id }))).toEqual([]);
    expect(ids(await w.caller.loadBalancer.list({ description: PAGED }))).not.toContain(theirs.id);
    expect(ids(await w.caller.loadBalancer.list({ search: "alpha", limit: 1000 }))).not.toContain(theirs.id);
    const web = mine.find((lb) => lb.pools.length > 0)!;
    expect((await other.listener.list({ loadbalancer_id: web.id })).items).toEqual([]);
    expect((await other.pool.list({ loadbalancer_id: web.id })).items).toEqual([]);
    expect((await other.healthMonitor.list()).items).toEqual([]);
  });

  it("leaves out DELETED rows", async () => {
    const [gone] = paged;
    await w.db.update(loadBalancers).set({ provisioning_status: "DELETED" }).where(inArray(loadBalancers.id, [gone!.id]));
    expect((await w.caller.loadBalancer.list({ description: PAGED })).items.map((lb) => lb.id)).not.toContain(gone!.id);
    // A DELETED row still serves as a marker: a page read just before a delete can go on.
    expect((await w.caller.loadBalancer.list({ description: PAGED, limit: 2, marker: gone!.id })).items).toHaveLength(2);
  });
});
