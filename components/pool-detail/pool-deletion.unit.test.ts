import { describe, expect, it } from "vitest";
import { poolDeletionNote } from "./pool-deletion";

describe("what a pool's confirmation says goes with it", () => {
  it("counts members and names the monitor and the listeners that lose it", () => {
    expect(poolDeletionNote({ members: [1, 2], healthmonitor_id: "hm" }, ["http-in"])).toBe(
      "Its 2 members and its health monitor are deleted with it. Listener http-in loses its default pool and refuses connections until given another.",
    );
    expect(poolDeletionNote({ members: [1], healthmonitor_id: null }, [])).toBe("Its member is deleted with it.");
    expect(poolDeletionNote({ members: [], healthmonitor_id: "hm" }, [])).toBe("Its health monitor is deleted with it.");
    expect(poolDeletionNote({ members: [], healthmonitor_id: null }, ["a", "b"])).toBe(
      "It has no members or health monitor. Listeners a, b lose their default pool and refuse connections until given another.",
    );
  });
});
