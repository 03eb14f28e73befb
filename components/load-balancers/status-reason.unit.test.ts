import { describe, expect, it } from "vitest";
import { nextStatusReason } from "./status-reason";

const row = (provisioning_status: string, operating_status: string, status_reason: string | null = null) => ({ provisioning_status, operating_status, status_reason });
const event = (provisioning_status: string, operating_status: string, reason: string | null = null) => ({ provisioning_status, operating_status, reason });

describe("nextStatusReason", () => {
  it("takes the reason of the event that puts the resource in ERROR", () => {
    expect(nextStatusReason(row("PENDING_CREATE", "OFFLINE"), event("ERROR", "OFFLINE", "cannot bind socket"))).toBe("cannot bind socket");
    expect(nextStatusReason(row("ACTIVE", "ONLINE"), event("ACTIVE", "ERROR", "amphora restart failed"))).toBe("amphora restart failed");
  });

  it("keeps it through later events of the same ERROR that give none", () => {
    expect(nextStatusReason(row("ERROR", "OFFLINE", "cannot bind socket"), event("ERROR", "ONLINE"))).toBe("cannot bind socket");
  });

  it("forgets it when the resource leaves ERROR, and does not carry it into another kind of ERROR", () => {
    expect(nextStatusReason(row("ERROR", "OFFLINE", "cannot bind socket"), event("PENDING_UPDATE", "OFFLINE"))).toBeNull();
    expect(nextStatusReason(row("ACTIVE", "ERROR", "amphora restart failed"), event("ERROR", "ERROR"))).toBeNull();
  });
});
