import { describe, expect, it } from "vitest";
import { immutableMessage, invalidStateMessage } from "@/server/services/lock-rules";
import { loadBalancerIdOf, lockConflictText } from "./lock-conflict";

const id = "6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11";

describe("lock conflicts", () => {
  // The refusals are the server's own messages (lock-rules.ts), so a change of their wording is caught here.
  it("finds the load balancer a refusal names", () => {
    expect(loadBalancerIdOf(immutableMessage("Load Balancer", id))).toBe(id);
    expect(loadBalancerIdOf(invalidStateMessage("ERROR", id))).toBe(id);
    expect(loadBalancerIdOf(immutableMessage("Pool", id))).toBeNull();
  });

  it("tells an ERROR apart from a change under way", () => {
    const immutable = immutableMessage("Load Balancer", id);
    expect(lockConflictText(immutable, "ERROR")).toBe(`Load Balancer ${id} is immutable and cannot be updated. The load balancer is in Error: it can only be deleted, or failed over by an administrator.`);
    expect(lockConflictText(immutable, "PENDING_UPDATE")).toMatch(/A change is being applied: try again in a moment\.$/);
    expect(lockConflictText(immutable, "ACTIVE")).toMatch(/has been applied since: try again\.$/);
    expect(lockConflictText(immutable, "PENDING_DELETE")).toMatch(/is being deleted\.$/);
    expect(lockConflictText(immutable, null)).toMatch(/once its load balancer is Active\.$/);
  });

  it("believes the state the message names when the load balancer could not be read", () => {
    expect(lockConflictText(invalidStateMessage("ERROR", id), null)).toMatch(/is in Error: it can only be deleted/);
    expect(lockConflictText(immutableMessage("Pool", id), null)).toMatch(/try again in a moment\.$/);
  });
});
