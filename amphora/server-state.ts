import { parseConfig } from "./config-parse";

// Before a reload the driver saves `show servers state`, and the new process loads it
// (`load-server-state-from-file`), so a dead member stays DOWN and runtime maintenance, drain and
// weights survive. One thing must not survive: a DOWN operational state on a server the new
// config no longer checks (its monitor was removed, or it was disabled in the config and is
// enabled again). Nothing would ever bring it back up, so such a server is carried over as UP.

const SRV_ST_STOPPED = "0";
const SRV_ST_RUNNING = "2";

/** `<backend>/<server>` of every server the config health-checks. */
function checkedServers(config: string): Set<string> {
  const checked = new Set<string>();
  for (const section of parseConfig(config)) {
    if (section.kind !== "backend" && section.kind !== "listen") continue;
    for (const line of section.lines) {
      const [keyword, name, , ...options] = line.split(" ");
      if (keyword === "server" && options.includes("check")) checked.add(`${section.name}/${name}`);
    }
  }
  return checked;
}

/**
 * The state file to load with `nextConfig`, from the running process's `show servers state`
 * (format version 1: `be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...`).
 */
export function carryServerState(dump: string, nextConfig: string): string {
  const checked = checkedServers(nextConfig);
  return dump
    .split("\n")
    .map((line) => {
      if (line === "" || line.startsWith("#") || !line.includes(" ")) return line; // version, header
      const fields = line.split(" ");
      if (fields[5] === SRV_ST_STOPPED && !checked.has(`${fields[1]}/${fields[3]}`)) fields[5] = SRV_ST_RUNNING;
      return fields.join(" ");
    })
    .join("\n");
}
