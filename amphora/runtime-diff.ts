// Which config changes HAProxy's runtime API can apply without a reload, and how. Two configs
// that differ only in a backend's `server` lines can be switched by `set server` (weight,
// maintenance), `add server` and `del server`, keeping every connection and counter (a reload
// would start new workers). Anything else returns null, and the driver reloads.
//
// What HAProxy 2.6 allows (doc/management.txt, src/server.c), and so what this module requires:
// - `add server` only into a backend with a dynamic algorithm: roundrobin and leastconn are,
//   `balance source` (map-based) is not. `del server` is held to the same rule, to stay clear of
//   static lookup maps.
// - only the keywords flagged `dynamic_ok`: of those the renderer writes, `cookie` is missing,
//   so a cookie-persistence pool reloads to gain a member.
// - no `default-server` (a dynamic server does not inherit it) and no external checks (PING
//   monitors fork a program the check task sets up at start only).
// A server whose address, port or other options change is not patched in place: it reloads.

export interface ServerRef {
  backend: string;
  server: string;
}

/** An existing server whose weight or `disabled` flag changes. */
export interface ServerUpdate extends ServerRef {
  weight?: number;
  state?: "ready" | "maint";
}

/** A new server: `add server <backend>/<server> <address> <options...>`. */
export interface ServerAddition extends ServerRef {
  /** `host:port` as the config writes it (IPv6 in brackets). */
  address: string;
  /** The config line's options, verbatim: weight, check settings, send-proxy, backup, disabled. */
  options: string[];
  /** Has `check`: a dynamic server's check starts disabled and needs `enable health`. */
  check: boolean;
  /** Not `disabled`: a dynamic server starts in maintenance and needs to be made ready. */
  enable: boolean;
}

export interface RuntimePlan {
  add: ServerAddition[];
  update: ServerUpdate[];
  remove: ServerRef[];
}

/** Server keywords 2.6 accepts on `add server` (of those the renderer writes), with their argument count. */
const DYNAMIC_KEYWORDS: Record<string, number> = {
  weight: 1,
  check: 0,
  "check-ssl": 0,
  verify: 1,
  inter: 1,
  fall: 1,
  rise: 1,
  addr: 1,
  port: 1,
  "send-proxy": 0,
  "send-proxy-v2": 0,
  backup: 0,
  disabled: 0,
};

/** Algorithms with BE_LB_PROP_DYN in 2.6, among those the renderer writes. */
const DYNAMIC_BALANCE = new Set(["roundrobin", "leastconn"]);

interface ServerLine {
  name: string;
  address: string;
  options: string[];
}

interface Backend {
  servers: Map<string, ServerLine>;
  /** Whether servers can be added and deleted at runtime (see the header). */
  dynamic: boolean;
}

interface Parsed {
  /** Every line but the backends' server lines, in order: must be identical on both sides. */
  skeleton: string[];
  backends: Map<string, Backend>;
}

function parse(config: string): Parsed | null {
  const skeleton: string[] = [];
  const backends = new Map<string, Backend>();
  const directives = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of config.split("\n")) {
    if (/^\S/.test(line)) current = /^backend\s+(\S+)\s*$/.exec(line)?.[1] ?? null;
    const tokens = line.trim().split(/\s+/);
    if (current !== null && tokens[0] === "server") {
      const [, name, address, ...options] = tokens;
      if (!name || !address) return null;
      const backend = backends.get(current) ?? { servers: new Map<string, ServerLine>(), dynamic: false };
      if (backend.servers.has(name)) return null; // HAProxy would refuse it; nothing to reason about
      backend.servers.set(name, { name, address, options });
      backends.set(current, backend);
      continue;
    }
    skeleton.push(line);
    if (current !== null) {
      if (!backends.has(current)) backends.set(current, { servers: new Map(), dynamic: false });
      directives.set(current, [...(directives.get(current) ?? []), tokens.join(" ")]);
    }
  }
  for (const [name, backend] of backends) {
    const lines = directives.get(name) ?? [];
    const balance = lines.find((l) => l.startsWith("balance "))?.split(" ")[1];
    backend.dynamic =
      balance !== undefined &&
      DYNAMIC_BALANCE.has(balance) &&
      !lines.some((l) => l.startsWith("default-server") || l === "option external-check");
  }
  return { skeleton, backends };
}

/** The options without the weight value and `disabled`, which `set server` can change. */
function fixedOptions(options: string[]): string {
  const rest: string[] = [];
  for (let i = 0; i < options.length; i++) {
    if (options[i] === "weight") {
      rest.push("weight");
      i++;
    } else if (options[i] !== "disabled") {
      rest.push(options[i]!);
    }
  }
  return rest.join(" ");
}

function weightOf(options: string[]): number | null {
  const i = options.indexOf("weight");
  return i === -1 || i + 1 >= options.length ? null : Number(options[i + 1]);
}

/** Whether every option is a keyword `add server` takes, each with its arguments. */
function addable(options: string[]): boolean {
  for (let i = 0; i < options.length; i++) {
    const arity = DYNAMIC_KEYWORDS[options[i]!];
    if (arity === undefined || i + arity >= options.length) return false;
    i += arity;
  }
  return true;
}

/**
 * The runtime commands that turn a process running `running` into one running `next`, or null
 * when HAProxy cannot do that without a reload. An empty plan means the two differ in nothing
 * the runtime API could change (e.g. only the order of server lines).
 */
export function runtimePlan(running: string, next: string): RuntimePlan | null {
  const a = parse(running);
  const b = parse(next);
  if (!a || !b) return null;
  if (a.skeleton.length !== b.skeleton.length || a.skeleton.some((line, i) => line !== b.skeleton[i])) return null;
  const plan: RuntimePlan = { add: [], update: [], remove: [] };
  for (const [name, after] of b.backends) {
    const before = a.backends.get(name);
    if (!before) return null; // cannot happen with equal skeletons; kept for the type
    for (const server of before.servers.values()) {
      if (after.servers.has(server.name)) continue;
      if (!after.dynamic) return null;
      plan.remove.push({ backend: name, server: server.name });
    }
    for (const y of after.servers.values()) {
      const x = before.servers.get(y.name);
      if (!x) {
        if (!after.dynamic || !addable(y.options)) return null;
        const ref = { backend: name, server: y.name };
        plan.add.push({ ...ref, address: y.address, options: y.options, check: y.options.includes("check"), enable: !y.options.includes("disabled") });
        continue;
      }
      if (x.address !== y.address || fixedOptions(x.options) !== fixedOptions(y.options)) return null;
      const update: ServerUpdate = { backend: name, server: y.name };
      const [wx, wy] = [weightOf(x.options), weightOf(y.options)];
      if (wx !== wy && wy !== null) update.weight = wy;
      const [dx, dy] = [x.options.includes("disabled"), y.options.includes("disabled")];
      if (dx !== dy) update.state = dy ? "maint" : "ready";
      if (update.weight !== undefined || update.state !== undefined) plan.update.push(update);
    }
  }
  return plan;
}

export const isEmptyPlan = (plan: RuntimePlan) => plan.add.length + plan.update.length + plan.remove.length === 0;
