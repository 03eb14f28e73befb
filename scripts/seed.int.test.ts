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
