import { describe, expect, it } from "vitest";
import type { StatusTree } from "@/components/api-types";
import { namesFromTree, timelineEntries } from "./timeline-model";

const ev = (id: number, resource_id: string, provisioning_status: string, operating_status: string, resource_type = "member") => ({
  id,
  resource_type: resource_type as "member",
  resource_id,
  provisioning_status,
  operating_status,
  reason: id === 3 ? "health check failed" : null,
  created_at: `2026-01-01T00:00:0${id}.000Z`,
});

const s = (id: string, name = "") => ({ id, name, provisioning_status: "ACTIVE", operating_status: "ONLINE" });
const tree: StatusTree = {
  loadbalancer: {
    ...s("lb", "web"),
    listeners: [{ ...s("l", "http"), pools: [{ ...s("p"), health_monitor: null, members: [{ ...s("m"), address: "127.10.0.11", protocol_port: 80 }] }] }],
  },
};

describe("timeline", () => {
  it("names resources from the status tree, members without a name by address", () => {
    const names = namesFromTree(tree);
    expect(names.get("lb")).toBe("web");
    expect(names.get("m")).toBe("127.10.0.11:80");
    expect(namesFromTree(undefined).size).toBe(0);
  });

  it("shows each event as a change from that resource's previous one, newest first", () => {
    const events = [ev(3, "m", "ACTIVE", "ERROR"), ev(2, "lb", "ACTIVE", "ONLINE", "loadbalancer"), ev(1, "m", "ACTIVE", "ONLINE")];
    const entries = timelineEntries(events, namesFromTree(tree));
    expect(entries.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(entries[0]).toMatchObject({
      resourceName: "127.10.0.11:80",
      operating: { from: "ONLINE", to: "ERROR" },
      provisioning: { from: "ACTIVE", to: "ACTIVE" },
      reason: "health check failed",
    });
    expect(entries[2]?.operating.from).toBeNull();
    // Only each resource's newest entry is still under way: an older Pending Create is over.
    expect(entries.map((e) => e.superseded)).toEqual([false, false, true]);
    expect(timelineEntries([ev(1, "gone-resource-id", "DELETED", "OFFLINE")], new Map())[0]?.resourceName).toBe("gone-res");
  });
});
