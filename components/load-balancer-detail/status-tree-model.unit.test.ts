import { describe, expect, it } from "vitest";
import type { StatusTree } from "@/components/api-types";
import { BOX, buildStatusTreeModel } from "./status-tree-model";

const status = (id: string, name = "", operating_status = "ONLINE") => ({ id, name, provisioning_status: "ACTIVE", operating_status });
const member = (id: string, address: string) => ({ ...status(id), address, protocol_port: 80 });

const tree = (listeners: StatusTree["loadbalancer"]["listeners"]): StatusTree => ({ loadbalancer: { ...status("lb-1", "web"), listeners } });

describe("buildStatusTreeModel", () => {
  it("lays a load balancer without listeners out as one box", () => {
    const model = buildStatusTreeModel(tree([]));
    expect(model.nodes).toHaveLength(1);
    expect(model.nodes[0]).toMatchObject({ kind: "loadbalancer", title: "web", href: "/project/network/load-balancers/lb-1" });
    expect(model.edges).toEqual([]);
    expect(model.width).toBe(BOX.width + 16);
    expect(model.height).toBe(BOX.height + 16);
  });

  it("puts each member on a row, centres parents on their children and links them with elbows", () => {
    const model = buildStatusTreeModel(
      tree([
        {
          ...status("l-1", "http"),
          pools: [
            {
              ...status("p-1", "", "DEGRADED"),
              health_monitor: { ...status("hm-1"), type: "HTTP" },
              members: [member("m-1", "127.10.0.10"), member("m-2", "127.10.0.11"), member("m-3", "127.10.0.12")],
            },
          ],
        },
        { ...status("l-2", "tcp"), pools: [] },
      ]),
    );
    const byKind = (kind: string) => model.nodes.filter((n) => n.kind === kind);
    const members = byKind("member");
    expect(members.map((m) => m.y)).toEqual([8, 68, 128]);
    expect(members[1]).toMatchObject({ detail: "127.10.0.11:80", href: "/project/network/load-balancers/lb-1/pools/p-1/members/m-2" });
    const [pool] = byKind("pool");
    expect(pool).toMatchObject({ y: 68, title: "p-1", operating_status: "DEGRADED", monitor: { type: "HTTP" } });
    const [l1, l2] = byKind("listener");
    expect(l1?.y).toBe(68);
    // A listener without a pool gets a row of its own, below the members.
    expect(l2?.y).toBe(188);
    expect(model.nodes[0]?.y).toBe((68 + 188) / 2);
    // Root -> 2 listeners, listener -> pool, pool -> 3 members.
    expect(model.edges).toHaveLength(6);
    expect(model.edges.find((e) => e.key === "pool:p-1:l-1->member:m-1:l-1")?.d).toBe(`M${pool!.x + BOX.width} ${68 + 22} H${pool!.x + BOX.width + 22} V${8 + 22} H${members[0]!.x}`);
    expect(model.height).toBe(8 + 4 * 60 - 16 + 8);
    expect(model.width).toBe(16 + 4 * BOX.width + 3 * 44);
  });

  it("takes second lines from the caller where the tree has none", () => {
    const model = buildStatusTreeModel(tree([{ ...status("l-1"), pools: [] }]), new Map([["l-1", "HTTP:80"]]));
    expect(model.nodes.map((n) => n.detail)).toEqual(["Load balancer", "HTTP:80"]);
  });
});
