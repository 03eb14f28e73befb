import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, expect, it } from "vitest";

// What `npm start` runs before the server (scripts/start.sh): a first start prints the made-up
// passwords then, with no request to the server; a later start says where they are.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-"));
const seed = () =>
  execa("node_modules/.bin/tsx", ["scripts/seed.ts"], {
    env: { DATA_DIR: dataDir, ADMIN_PASSWORD: undefined, DEMO_PASSWORD: undefined, DATABASE_URL: undefined },
  });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it("prints the generated passwords at first start, and where they are at the next", async () => {
  const first = await seed();
  const file = path.join(dataDir, "credentials");
  const kept = fs.readFileSync(file, "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  expect(kept.map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["admin", "demo"]));
  for (const line of kept) expect(first.stdout).toContain(`  ${line}`);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  const next = await seed();
  expect(next.stdout).toBe(`Passwords: generated at first start, in ${file}`);
}, 180_000);

// The cloud's network needs namespaces, and a range of its own: without them `npm start` stops
// before anything is written, saying why and what to do. Root without the capabilities to make a
// namespace (a container without CAP_SYS_ADMIN) is played by dropping them from the bounding set.
it("refuses to start where root cannot make a namespace, saying what to do, and writes nothing", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-nocaps-"));
  try {
    const run = await execa("setpriv", ["--bounding-set=-sys_admin,-net_admin", "--inh-caps=-sys_admin,-net_admin", "node_modules/.bin/tsx", "scripts/seed.ts"], {
      env: { DATA_DIR: dir, DATABASE_URL: undefined },
      reject: false,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Cannot start: root cannot make a network namespace here");
    expect(run.stderr).toContain("CAP_SYS_ADMIN and CAP_NET_ADMIN");
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it("refuses an EXTERNAL_CIDR that overlaps a route of the host, naming the route", async () => {
  // A link route of the host's own (product links carry a dash after their prefix).
  const routes = JSON.parse((await execa("ip", ["-json", "route", "show", "scope", "link"])).stdout) as { dst: string; dev: string }[];
  const first = routes.find((r) => r.dst.includes("/") && !r.dev.includes("-"));
  if (!first) throw new Error("the host has no link route of its own to collide with");
  const run = await execa("node_modules/.bin/tsx", ["scripts/seed.ts"], { env: { DATA_DIR: dataDir, EXTERNAL_CIDR: first.dst, DATABASE_URL: undefined }, reject: false });
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain(`Cannot start: EXTERNAL_CIDR ${first.dst} overlaps the host's route "${first.dst} dev ${first.dev}"`);
}, 60_000);
