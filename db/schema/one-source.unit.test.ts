import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as enums from "./enums";
import { isPending, PENDING_STATUSES, PROVISIONING_STATUSES } from "./statuses";

// Octavia's vocabulary is listed once, in db/schema/enums.ts and statuses.ts. A second copy of a
// list drifts from the first (a value added to one is refused or mis-rendered by the other), so
// these tests read every source file of the product and fail on a copy.

const root = join(__dirname, "..", "..");
const FOLDERS = ["app", "amphora", "bench", "components", "db", "scripts", "server"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "migrations" ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const files = FOLDERS.flatMap((folder) => sources(join(root, folder))).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, "utf8"),
}));

/** Files other than `home` in which `pattern` occurs. */
const copiesOf = (pattern: RegExp, home: string) => files.filter((f) => f.path !== home && pattern.test(f.text)).map((f) => f.path);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("Octavia's vocabulary", () => {
  it("knows a status is pending by the one list of PENDING_* statuses", () => {
    expect(PROVISIONING_STATUSES.filter(isPending)).toEqual([...PENDING_STATUSES]);
    expect(PROVISIONING_STATUSES.filter((s) => s.startsWith("PENDING_"))).toEqual([...PENDING_STATUSES]);
  });

  it("lists the PENDING_* statuses nowhere else, and nothing tells them by their prefix", () => {
    expect(copiesOf(/"PENDING_CREATE",\s*"PENDING_UPDATE",\s*"PENDING_DELETE"/, "db/schema/statuses.ts")).toEqual([]);
    expect(copiesOf(/startsWith\("PENDING_"\)/, "")).toEqual([]);
  });

  it("lists each enumeration in db/schema/enums.ts only", () => {
    const lists = Object.entries(enums).filter(([, v]) => Array.isArray(v) && v.length >= 3) as [string, readonly string[]][];
    expect(lists.map(([name]) => name)).toContain("LB_ALGORITHMS");
    for (const [name, values] of lists) {
      // The whole list in order, as an array (`"A", "B", "C"`) or a union (`"A" | "B" | "C"`).
      const quoted = values.map((v) => `"${escape(v)}"`);
      const pattern = new RegExp(`${quoted.join("\\s*,\\s*")}|${quoted.join("\\s*\\|\\s*")}`);
      expect(copiesOf(pattern, "db/schema/enums.ts"), name).toEqual([]);
    }
  });
});

describe("the status lock's transitions", () => {
  it("are written in server/services/lock-rules.ts only", () => {
    expect(copiesOf(/\[\s*"ACTIVE"\s*(,\s*"ERROR"\s*)?\]/, "server/services/lock-rules.ts")).toEqual([]);
  });

  it("and its refusals' messages too", () => {
    expect(copiesOf(/`[^`]*is immutable and cannot be updated|`Invalid state \$\{|\/Invalid state \(/, "server/services/lock-rules.ts")).toEqual([]);
  });
});

describe("rules the API and the forms share", () => {
  it("say which listener protocols share a port in db/schema/enums.ts only", () => {
    expect(copiesOf(/in \('UDP', 'SCTP'\)|=== "UDP" \|\| \w+ === "SCTP"/, "db/schema/enums.ts")).toEqual([]);
  });

  it("name the algorithm the amphorae cannot run in one table, beside the list of algorithms", () => {
    expect(copiesOf(/SOURCE_IP_PORT/, "server/services/schemas/enums.ts")).toEqual(["db/schema/enums.ts"]);
  });

  it("write the duplicate-member message once, in the pure rules the forms import", () => {
    expect(copiesOf(/already using ip/, "server/services/schemas/rules.ts")).toEqual([]);
  });
});

describe("the layers below everything", () => {
  const importsOf = (text: string) => [...text.matchAll(/^(?:import|export)[^;]*?from "([^"]+)"/gms)].map((m) => m[1]!);

  it("db/ imports nothing of the product outside db/", () => {
    const upward = files
      .filter((f) => f.path.startsWith("db/"))
      .flatMap((f) => importsOf(f.text).filter((i) => i.startsWith("@/") && !i.startsWith("@/db/")).map((i) => `${f.path} -> ${i}`));
    expect(upward).toEqual([]);
  });

  it("amphora/ takes nothing from the control plane, only db/'s vocabulary leaves", () => {
    const outside = files
      .filter((f) => f.path.startsWith("amphora/"))
      .flatMap((f) => importsOf(f.text).map((i) => (i.startsWith(".") ? join(dirname(f.path), i) : i)).filter((i) => /^(@\/|db\/|server\/|components\/|app\/)/.test(i) && !/^db\/schema\/(enums|statuses)$/.test(i)).map((i) => `${f.path} -> ${i}`));
    expect(outside).toEqual([]);
  });
});

describe("the database handle", () => {
  it("is one type for PGlite, PostgreSQL and their transactions, so nothing casts to it", () => {
    expect(copiesOf(/as unknown as Db\b/, "")).toEqual([]);
  });
});

describe("the services", () => {
  it("import each other without a cycle", () => {
    const services = new Map(files.filter((f) => /^server\/services\/[^/]+\.ts$/.test(f.path)).map((f) => [f.path, f.text]));
    const edges = (path: string) =>
      [...(services.get(path) ?? "").matchAll(/^import (?!type )[^;]*?from "\.\/([\w-]+)"/gms)].map((m) => `server/services/${m[1]}.ts`).filter((p) => services.has(p));
    const cycles: string[] = [];
    const visit = (path: string, trail: string[]) => {
      if (trail.includes(path)) return void cycles.push([...trail.slice(trail.indexOf(path)), path].join(" -> "));
      for (const next of edges(path)) visit(next, [...trail, path]);
    };
    for (const path of services.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});
