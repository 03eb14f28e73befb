// Which config changes HAProxy's runtime API can apply without a reload. Two configs that differ
// only in `server` lines' weight or `disabled` flag can be switched by `set server ... weight`
// and `set server ... state`, keeping every connection and counter (a reload would start new
// workers). Anything else (a new server, a new option, a different order) returns null.

export interface RuntimeChange {
  backend: string;
  server: string;
  weight?: number;
  state?: "ready" | "maint";
}

interface ServerLine {
  backend: string;
  server: string;
  weight: number | null;
  disabled: boolean;
  /** The line without its weight value and disabled flag: must be equal on both sides. */
  rest: string;
}

function parseServerLine(line: string, backend: string | null): ServerLine | null {
  const tokens = line.trim().split(/\s+/);
  if (tokens[0] !== "server" || !backend || !tokens[1]) return null;
  let weight: number | null = null;
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "weight" && i + 1 < tokens.length) {
      weight = Number(tokens[++i]);
      rest.push("weight");
    } else if (token !== "disabled") {
      rest.push(token);
    }
  }
  return { backend, server: tokens[1], weight, disabled: tokens.includes("disabled"), rest: rest.join(" ") };
}

export function runtimeChanges(running: string, next: string): RuntimeChange[] | null {
  const a = running.split("\n");
  const b = next.split("\n");
  if (a.length !== b.length) return null;
  const changes: RuntimeChange[] = [];
  let backend: string | null = null;
  for (let i = 0; i < a.length; i++) {
    const before = a[i]!;
    const after = b[i]!;
    const section = /^backend\s+(\S+)/.exec(before);
    if (section) backend = section[1]!;
    else if (/^\S/.test(before)) backend = null;
    if (before === after) continue;
    const x = parseServerLine(before, backend);
    const y = parseServerLine(after, backend);
    if (!x || !y || x.server !== y.server || x.rest !== y.rest) return null;
    const change: RuntimeChange = { backend: y.backend, server: y.server };
    if (x.weight !== y.weight && y.weight !== null) change.weight = y.weight;
    if (x.disabled !== y.disabled) change.state = y.disabled ? "maint" : "ready";
    changes.push(change);
  }
  return changes;
}
