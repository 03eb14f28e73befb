import { describe, expect, it } from "vitest";
import { floatingIpChoices, floatingIpOfPort, parseChoice, portChoices, portOwners } from "./floating-ip-choices";

const net = (id: string, name: string, external: boolean) => ({ id, name, "router:external": external });
const fip = (id: string, address: string, port_id: string | null = null) => ({
  id,
  floating_ip_address: address,
  port_id,
  floating_network_id: "pub",
});
const lb = (id: string, name: string, vip_port_id: string | null) => ({ id, name, vip_address: `10.0.0.${id}`, vip_port_id });
const vm = (id: string, name: string, port_id: string) => ({ id, name, fixed_ip: `10.1.0.${id}`, port_id });

describe("floatingIpOfPort", () => {
  it("finds the address associated with a port and nothing for a null port", () => {
    const fips = [fip("a", "127.10.2.10", "p1"), fip("b", "127.10.2.11")];
    expect(floatingIpOfPort(fips, "p1")?.floating_ip_address).toBe("127.10.2.10");
    expect(floatingIpOfPort(fips, "p2")).toBeUndefined();
    expect(floatingIpOfPort(fips, null)).toBeUndefined();
    expect(floatingIpOfPort(undefined, "p1")).toBeUndefined();
  });
});

describe("portOwners", () => {
  it("maps VIP ports to load balancers and instance ports to instances", () => {
    const owners = portOwners([lb("1", "web", "vip1"), lb("2", "", null)], [vm("3", "web1", "port3")]);
    expect(owners.get("vip1")).toEqual({ kind: "loadbalancer", id: "1", name: "web", address: "10.0.0.1" });
    expect(owners.get("port3")).toMatchObject({ kind: "instance", name: "web1" });
    expect(owners.size).toBe(2);
  });
});

describe("floatingIpChoices", () => {
  it("groups free addresses and external networks, skipping associated addresses and tenant networks", () => {
    const { groups, preselected } = floatingIpChoices(
      [fip("a", "127.10.2.10"), fip("b", "127.10.2.11", "p1")],
      [net("pub", "public", true), net("t", "selfservice", false)],
    );
    expect(groups.map((g) => g.options.map((o) => o.value))).toEqual([["fip:a"], ["net:pub"]]);
    expect(groups[0]?.options[0]?.label).toBe("127.10.2.10 (public)");
    expect(preselected).toBe("");
  });

  it("preselects the only choice", () => {
    expect(floatingIpChoices([], [net("pub", "public", true)]).preselected).toBe("net:pub");
    expect(floatingIpChoices([fip("a", "127.10.2.10")], [net("t", "x", false)]).preselected).toBe("fip:a");
    expect(floatingIpChoices([], []).preselected).toBe("");
  });

  it("reads a choice back", () => {
    expect(parseChoice("fip:a")).toEqual({ kind: "existing", floatingIpId: "a" });
    expect(parseChoice("net:pub")).toEqual({ kind: "allocate", networkId: "pub" });
    expect(parseChoice("")).toBeNull();
    expect(parseChoice("fip:")).toBeNull();
  });
});

describe("portChoices", () => {
  it("offers VIPs and instance ports that have no floating IP yet", () => {
    const { groups, preselected } = portChoices(
      [lb("1", "web", "vip1"), lb("2", "busy", "vip2")],
      [vm("3", "web1", "port3")],
      [fip("a", "127.10.2.10", "vip2")],
    );
    expect(groups.map((g) => g.options.map((o) => o.value))).toEqual([["vip1"], ["port3"]]);
    expect(preselected).toBe("");
    expect(portChoices([lb("1", "web", "vip1")], [], []).preselected).toBe("vip1");
  });
});
