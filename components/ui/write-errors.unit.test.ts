import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { immutableMessage, invalidStateMessage } from "@/server/services/lock-rules";
import { isLockConflict } from "./write-errors";

// Which refusals the dashboard explains as the status lock's (a toast about the load balancer's
// state) and which it shows as the server said them, in the dialog or form that asked.

const id = "6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11";
const refusal = (code: string, message: string, fieldErrors: Record<string, string[]> | null = null) =>
  new TRPCClientError(message, { result: { error: { code: -32603, message, data: { code, httpStatus: 409, fieldErrors } } } });

describe("a write's refusal", () => {
  it("is the status lock's when it is a 409 about no field in the lock's words", () => {
    expect(isLockConflict(refusal("CONFLICT", immutableMessage("Load Balancer", id)))).toBe(true);
    expect(isLockConflict(refusal("CONFLICT", immutableMessage("Pool", id)))).toBe(true);
    expect(isLockConflict(refusal("CONFLICT", invalidStateMessage("ERROR", id)))).toBe(true);
  });

  it("is not the lock's when it is another conflict, one about a field, or not a conflict", () => {
    expect(isLockConflict(refusal("CONFLICT", `Router ${id} still has ports`))).toBe(false);
    expect(isLockConflict(refusal("CONFLICT", `Pool ${id} is in use by L7 policy ${id}`))).toBe(false);
    expect(isLockConflict(refusal("CONFLICT", "Duplicate", { address: ["Duplicate"] }))).toBe(false);
    expect(isLockConflict(refusal("BAD_REQUEST", immutableMessage("Load Balancer", id)))).toBe(false);
  });
});
