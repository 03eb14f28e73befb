import fs from "node:fs";
import type { LoadBalancerModel } from "../model";
import { listener, loadBalancer, member, pool } from "./models";

// `show stat` captured from HAProxy 2.6.12 (stats.int.test.ts's load balancer, one member's
// server stopped): an HTTP listener whose monitored pool has an UP, a DOWN and a disabled
// member, and a TCP listener whose unmonitored pool has a member at weight 0.
export const CAPTURE = fs.readFileSync(new URL("./show-stat-2.6.csv", import.meta.url), "utf8");
export const ID = {
  l1: "879ee65c-f7b7-4bcf-9043-67d0542b3e22",
  l2: "54c0982a-532f-4eba-af1a-6fda2bca929c",
  p1: "2a98a72f-852a-40a4-aa40-474795fbcc3c",
  p2: "3c5a3e64-d8c3-4d77-b3a6-89a37e17119f",
  up: "62702ad7-4273-4629-b7de-591d82d19b7f",
  down: "1bfea78c-cad0-4ddc-a714-b461b6e20a01",
  maint: "14d58952-95aa-46d9-99c1-9f98e7b2eb0a",
  unchecked: "600bb030-f78e-4f3b-ad22-8783a63aa961",
  weightless: "b1c3e957-919e-4ef6-9b88-45f7ca009b43",
};

/** The model that produced the capture. */
export function capturedLb(over: Partial<LoadBalancerModel> = {}): LoadBalancerModel {
  return loadBalancer({
    listeners: [
      listener({ id: ID.l1, protocol_port: 80, connection_limit: 2, default_pool_id: ID.p1 }),
      listener({ id: ID.l2, protocol: "TCP", protocol_port: 81, connection_limit: 1, default_pool_id: ID.p2 }),
    ],
    pools: [
      pool({ id: ID.p1, members: [member({ id: ID.up }), member({ id: ID.down }), member({ id: ID.maint, admin_state_up: false })] }),
      pool({ id: ID.p2, protocol: "TCP", members: [member({ id: ID.unchecked }), member({ id: ID.weightless, weight: 0 })] }),
    ],
    ...over,
  });
}

