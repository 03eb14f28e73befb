import { describe, expect, it } from "vitest";
import type { StatusTree } from "@/components/api-types";
import { childErrors } from "./child-errors";

const s = (id: string, provisioning_status = "ACTIVE", name = id) => ({ id, name, provisioning_status, operating_status: "ONLINE" });
const tree: StatusTree = {
  loadbalancer: {
    ...s("lb"),
    listeners: [
      { ...s("l1"), pools: [{ ...s("p", "ERROR"), health_monitor: { ...s("hm", "ERROR", ""), type: "HTTP" }, members: [{ ...s("m", "ACTIVE", ""), address: "127.10.0.11", protocol_port: 80 }] }] },
      { ...s("l2", "ERROR", "tcp-8080"), pools: [] },
    ],
  },
};
const ev = (id: number, resource_id: string, provisioning_status: string, reason: string | null = null) => ({ id, resource_id, provisioning_status, reason });

describe("childErrors", () => {
  it("lists the children in provisioning ERROR with the reason of the event that put them there", () => {
    const events = [
      ev(5, "l2", "ERROR", "cannot bind socket [127.10.0.20:8080] (left out of the running config until it is changed or deleted)"),
      ev(4, "l2", "PENDING_CREATE"),
      ev(6, "hm", "ERROR", "monitor refused"),
      ev(3, "p", "ERROR"),
      ev(2, "p", "ERROR", "haproxy refused the pool"),
      ev(1, "p", "PENDING_UPDATE", "an older try"),
    ];
    expect(childErrors(tree, events)).toEqual([
      { id: "p", kind: "Pool", name: "p", reason: "haproxy refused the pool" },
      { id: "hm", kind: "Health monitor", name: "HTTP", reason: "monitor refused" },
      { id: "l2", kind: "Listener", name: "tcp-8080", reason: expect.stringMatching(/^cannot bind socket/) },
    ]);
  });

  it("gives no reason from an earlier ERROR it has left, nor without events", () => {
    expect(childErrors(tree, [ev(3, "l2", "ERROR"), ev(2, "l2", "ACTIVE"), ev(1, "l2", "ERROR", "old")])[1]?.reason).toBeNull();
    expect(childErrors(tree, undefined).map((e) => e.reason)).toEqual([null, null, null]);
    expect(childErrors(undefined, [])).toEqual([]);
  });
});
