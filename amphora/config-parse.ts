// Reads haproxy.cfg text back into sections so tests (and anyone inspecting a running amphora)
// can assert directives instead of comparing snapshots. It understands exactly what the
// renderer writes: section keywords at the start of a line, directives indented, full-line
// comments. It is not a general HAProxy parser (no quoting, no `.if` blocks).

export type SectionKind =
  | "global"
  | "defaults"
  | "frontend"
  | "backend"
  | "listen"
  | "peers"
  | "resolvers"
  | "userlist"
  | "program"
  | "cache"
  | "ring"
  | "http-errors"
  | "mailers";

const KINDS = new Set<string>([
  "global",
  "defaults",
  "frontend",
  "backend",
  "listen",
  "peers",
  "resolvers",
  "userlist",
  "program",
  "cache",
  "ring",
  "http-errors",
  "mailers",
]);

export interface ConfigSection {
  kind: SectionKind;
  /** "" for global and unnamed defaults. */
  name: string;
  /** Directives, trimmed, in order, comments and blank lines left out. */
  lines: string[];
}

export function parseConfig(text: string): ConfigSection[] {
  const sections: ConfigSection[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (!/^\s/.test(raw) && KINDS.has(keyword)) {
      sections.push({ kind: keyword as SectionKind, name: rest.join(" "), lines: [] });
      continue;
    }
    const current = sections.at(-1);
    if (!current) throw new Error(`directive outside any section: ${JSON.stringify(line)}`);
    current.lines.push(line.replace(/\s+/g, " "));
  }
  return sections;
}

/** The one section of that kind and name; throws when it is missing or repeated. */
export function section(sections: ConfigSection[], kind: SectionKind, name = ""): ConfigSection {
  const found = sections.filter((s) => s.kind === kind && s.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${JSON.stringify(name)}, found ${found.length}`);
  return found[0] as ConfigSection;
}

/** A section's lines that start with `keyword` (a whole word or words), e.g. "bind" or "option httpchk". */
export function directives(s: ConfigSection, keyword: string): string[] {
  return s.lines.filter((l) => l === keyword || l.startsWith(`${keyword} `));
}

/**
 * How often the config's most frequent health check runs (ms), from the `inter <n>s` the
 * renderer writes on each checked server; Infinity when nothing is checked. HAProxy changes a
 * server's state only at a check, so its stats need reading no more often than this.
 */
export function fastestCheckMs(text: string): number {
  let fastest = Infinity;
  for (const [, seconds] of text.matchAll(/\sinter (\d+)s\b/g)) fastest = Math.min(fastest, Number(seconds) * 1000);
  return fastest;
}
