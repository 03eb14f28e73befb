import { afterAll, beforeAll, expect } from "vitest";
import { seedIdentities } from "@/server/identity/seed";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { type Stack, type StackOptions, startStack } from "@/server/testing/stack";
import { type CliUser, openstackCli } from "./openstack-cli";
import { type RestServer, startRestServer } from "./rest-server";

// What a test file of Debian's `openstack` CLI stands on: a stack with the demo cloud's users
// (their passwords the file's own), the REST front doors over it, and the CLI pointed at them.
// Made before the file's tests, removed after them.

export interface CliWorld {
  stack: Stack;
  server: RestServer;
  cli: ReturnType<typeof openstackCli>;
  /** Runs a command that must fail; what it printed of the server's message. */
  refused(user: CliUser, args: string[]): Promise<string>;
}

/** The world of one test file; its fields are there once the file's beforeAll ran. */
export function cliWorld(users: { admin: CliUser; demo: CliUser }, opts: StackOptions = {}): CliWorld {
  const world = {
    async refused(user: CliUser, args: string[]) {
      const result = await world.cli.run(user, args);
      expect(result.exitCode, result.stdout).not.toBe(0);
      return result.stderr;
    },
  } as CliWorld;
  beforeAll(async () => {
    world.stack = await startStack(opts);
    await seedIdentities(world.stack.db, { projectId: world.stack.projectId, demo: true, passwords: { admin: users.admin.password, demo: users.demo.password } });
    world.server = await startRestServer({ db: world.stack.db, feed: world.stack.feed, compute: world.stack.compute, dataPlane: world.stack.driver, loginLimiter: newLoginLimiter() });
    world.cli = openstackCli(world.server.url);
  }, 120_000);
  afterAll(async () => {
    world.cli?.dispose();
    await world.server?.close();
    await world.stack?.close();
  }, 120_000);
  return world;
}
