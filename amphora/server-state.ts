import { parseConfig } from "./config-parse";

// Before a reload the driver saves `show servers state`, and the new process loads it
// (`load-server-state-from-file`), so a dead member stays DOWN and runtime maintenance, drain and
// weights survive. HAProxy matches the lines by backend and server name, so servers added at
// runtime (`add server`) carry over like any other. Two things must not survive:
// - a DOWN operational state on a server the new config no longer checks (its monitor was
//   removed, or it was disabled in the config and is enabled again). Nothing would ever bring
//   it back up, so such a server is carried over as UP.
// - the state of a server that the config the process last confirmed does not name: a runtime
//   apply added it and then failed before the file was installed, so it may still sit in the
//   forced maintenance every dynamic server starts in. It starts as the new config says.

const SRV_ST_STOPPED = "0";
const SRV_ST_RUNNING = "2";

/** `<backend>/<server>` of every server in the config, and of those it health-checks. */
function serversOf(config: string): { all: Set<string>; checked: Set<string> } {
  const all = new Set<string>();
  const checked = new Set<string>();
  for (const section of parseConfig(config)) {
    if (section.kind !== "backend" && section.kind !== "listen") continue;
    for (const line of section.lines) {
      const [keyword, name, , ...options] = line.split(" ");
      if (keyword !== "server") continue;
      all.add(`${section.name}/${name}`);
      if (options.includes("check")) checked.add(`${section.name}/${name}`);
    }
  }
  return { all, checked };
}

/**
 * The state file to load with `nextConfig`, from the running process's `show servers state`
 * (format version 1: `be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...`).
 * `runningConfig` is the config the running process is known to run, when known.
 */
export function carryServerState(dump: string, nextConfig: string, runningConfig: string | null = null): string {
  const { checked } = serversOf(nextConfig);
  const known = runningConfig === null ? null : serversOf(runningConfig).all;
  return dump
    .split("\n")
    .flatMap((line) => {
      if (line === "" || line.startsWith("#") || !line.includes(" ")) return [line]; // version, header
      const fields = line.split(" ");
      const server = `${fields[1]}/${fields[3]}`;
      if (known && !known.has(server)) return [];
      if (fields[5] === SRV_ST_STOPPED && !checked.has(server)) fields[5] = SRV_ST_RUNNING;
      return [fields.join(" ")];
    })
    .join("\n");
}
