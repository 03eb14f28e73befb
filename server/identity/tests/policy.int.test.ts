import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { POLICY, POLICY_DENIED } from "@/server/identity/policy";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/router";

// The policy table, walked: every procedure of the app router has a rule, and every procedure
// tried as anonymous, reader, member, observer, global observer, Octavia's admin and the cloud
// admin gets the outcome its rule promises.
// Inputs are left out on purpose: the policy decides before the input is even parsed, so an
// allowed call fails later (bad input, not found) and a refused one fails with the policy's code.

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription" } };
const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
const paths = Object.keys(procedures).sort();

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w?.close());

/** Roles in the project in scope (demo, not the admin project); cloudAdmin: also `admin` on the admin project. */
const identity = (roles: Role[], cloudAdmin: boolean) => ({
  user: { id: "00000000-0000-4000-8000-00000000000a", name: roles.join("+") || "nobody" },
  project: { id: w.projectId, name: "demo" },
  roles,
  cloudAdmin,
});

/** The tRPC code a call ends with (null: it succeeded), within a bound for subscriptions. */
async function outcome(roles: Role[] | null, path: string, cloudAdmin = false): Promise<string | null> {
  const abort = new AbortController();
  const caller = createCaller(createInnerContext({ db: w.db, feed: w.feed, identity: roles === null ? null : identity(roles, cloudAdmin) }), { signal: abort.signal });
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  try {
    const result = await fn(undefined);
    if (procedures[path]?._def.type === "subscription") {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      setTimeout(() => abort.abort(), 200);
      await iterator.next().catch((err: unknown) => {
        if (!abort.signal.aborted) throw err;
      });
    }
    return null;
  } catch (err) {
    if (err instanceof TRPCError) return err.code === "FORBIDDEN" && err.message === POLICY_DENIED ? "POLICY_FORBIDDEN" : err.code;
    throw err;
  } finally {
    abort.abort();
  }
}

const refusedBy = (code: string | null) => code === "UNAUTHORIZED" || code === "POLICY_FORBIDDEN";

describe("the policy table", () => {
  it("has a rule for every procedure, and names no procedure that does not exist", () => {
    expect(paths.filter((p) => !POLICY[p])).toEqual([]);
    expect(Object.keys(POLICY).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it("answers UNAUTHORIZED to an anonymous caller everywhere but login", async () => {
    for (const path of paths) {
      const code = await outcome(null, path);
      if (POLICY[path] === "public") expect(code, path).not.toBe("UNAUTHORIZED");
      else expect(code, path).toBe("UNAUTHORIZED");
    }
  });

  it("lets a reader (and an Octavia observer) read their project and its quotas, and nothing else", async () => {
    for (const roles of [["reader"], ["load-balancer_observer"]] as Role[][]) {
      for (const path of paths) {
        const code = await outcome(roles, path);
        const rule = POLICY[path];
        if (rule === "read" || rule === "read-quota" || rule === "authenticated" || rule === "public") expect(refusedBy(code), `${roles} ${path}: ${code}`).toBe(false);
        else expect(code, `${roles} ${path}`).toBe("POLICY_FORBIDDEN");
      }
    }
  });

  it("lets a member read and write their project, but not administer the cloud or set quotas", async () => {
    for (const roles of [["member"], ["load-balancer_member"]] as Role[][]) {
      for (const path of paths) {
        const code = await outcome(roles, path);
        if (POLICY[path] === "admin" || POLICY[path] === "cloud-admin" || POLICY[path] === "write-quota") expect(code, `${roles} ${path}`).toBe("POLICY_FORBIDDEN");
        else expect(refusedBy(code), `${roles} ${path}: ${code}`).toBe(false);
      }
    }
    // Every mutation of the load-balancer API is a member's to make, but failover (an operator's, in Octavia).
    for (const path of paths.filter((p) => /^(loadBalancer|listener|pool|member|healthMonitor)\./.test(p) && procedures[p]?._def.type === "mutation")) {
      expect(POLICY[path], path).toBe(path === "loadBalancer.failover" ? "admin" : "write");
    }
  });

  it("lets a global observer read, but change nothing", async () => {
    for (const path of paths) {
      const code = await outcome(["load-balancer_global_observer"], path);
      const rule = POLICY[path];
      if (rule === "read" || rule === "read-quota" || rule === "authenticated" || rule === "public") expect(refusedBy(code), `${path}: ${code}`).toBe(false);
      else expect(code, path).toBe("POLICY_FORBIDDEN");
    }
  });

  it("lets Octavia's admin (load-balancer_admin, or admin of an ordinary project) do everything but administer identities", async () => {
    for (const roles of [["admin"], ["load-balancer_admin"]] as Role[][]) {
      for (const path of paths) {
        const code = await outcome(roles, path);
        if (POLICY[path] === "cloud-admin") expect(code, `${roles} ${path}`).toBe("POLICY_FORBIDDEN");
        else expect(refusedBy(code), `${roles} ${path}: ${code}`).toBe(false);
      }
    }
    for (const path of ["identity.setPassword", "identity.grantRole", "identity.createUser", "audit.list"]) expect(POLICY[path], path).toBe("cloud-admin");
  });

  it("lets the cloud admin do everything", async () => {
    for (const path of paths) expect(refusedBy(await outcome(["admin"], path, true)), path).toBe(false);
  });
});
