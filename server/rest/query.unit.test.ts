import { describe, expect, it } from "vitest";
import { loadBalancerListInput } from "@/server/services/schemas/loadBalancer";
import { pageLinks } from "./links";
import { filterItems, parseQuery, selectFields } from "./query";

// Query strings read the way the list procedures' schemas expect them, and paging links.

const params = (query: string) => new URLSearchParams(query);

describe("parseQuery", () => {
  it("turns strings into the schema's numbers, booleans and lists, and leaves the rest for the schema to judge", () => {
    const { input, fields, matchesNothing } = parseQuery(
      params("limit=2&admin_state_up=True&tags=a,b&tags=c&name=web&page_reverse=false&sort=name:desc&limit=x3"),
      loadBalancerListInput,
    );
    expect(input).toEqual({ limit: "x3", admin_state_up: true, tags: ["a", "b", "c"], name: "web", page_reverse: false, sort: "name:desc" });
    expect(fields).toBeNull();
    expect(matchesNothing).toBe(false);
    expect(parseQuery(params("limit=2&admin_state_up=yes"), loadBalancerListInput).input).toEqual({ limit: 2, admin_state_up: "yes" });
  });

  it("reads fields= repeated or comma-separated, and says an id filter that is no UUID matches nothing", () => {
    const parsed = parseQuery(params("fields=id,name&fields=vip_address&id=lb1&colour=blue"), loadBalancerListInput);
    expect(parsed).toEqual({ input: { colour: "blue" }, fields: ["id", "name", "vip_address"], matchesNothing: true });
    const id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    expect(parseQuery(params(`id=${id}`), loadBalancerListInput)).toMatchObject({ input: { id }, matchesNothing: false });
  });
});

describe("selectFields and filterItems", () => {
  const items = [
    { id: "1", name: "a", "router:external": true, gateway_ip: null },
    { id: "2", name: "b", "router:external": false, gateway_ip: "127.0.0.1" },
  ];

  it("keeps only the fields asked for", () => {
    expect(selectFields(items[1]!, ["name", "nope"])).toEqual({ name: "b" });
    expect(selectFields(items[1]!, null)).toBe(items[1]);
  });

  it("matches on equality, booleans in any case, any of a repeated value, and nothing on a missing field", () => {
    expect(filterItems(items, params("router:external=True")).map((i) => i.id)).toEqual(["1"]);
    expect(filterItems(items, params("name=a&name=b")).map((i) => i.id)).toEqual(["1", "2"]);
    expect(filterItems(items, params("name=b&fields=id")).map((i) => i.id)).toEqual(["2"]);
    expect(filterItems(items, params("colour=blue"))).toEqual([]);
    expect(filterItems(items, params("limit=1"), ["limit"])).toHaveLength(2);
  });
});

describe("pageLinks", () => {
  it("keeps the query, replaces the marker, and reads the previous page backwards", () => {
    const url = new URL("http://cloud.example/load-balancer/v2.0/lbaas/loadbalancers?limit=2&sort=name&marker=m0&page_reverse=True");
    const links = pageLinks(url, { next_marker: "m2", previous_marker: "m1" });
    expect(links.map((l) => [l.rel, Object.fromEntries(new URL(l.href).searchParams)])).toEqual([
      ["next", { limit: "2", sort: "name", marker: "m2" }],
      ["previous", { limit: "2", sort: "name", marker: "m1", page_reverse: "True" }],
    ]);
    expect(pageLinks(url, { next_marker: null, previous_marker: null })).toEqual([]);
  });
});
