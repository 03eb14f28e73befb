import { createHash } from "node:crypto";
import { run } from "./command";

// nftables inside a namespace (`ip netns exec <ns> nft`), never on the host. A namespace's
// ruleset is replaced whole in one `nft -f` transaction (flush and load together: no moment
// without rules). To tell cheaply whether what is loaded is still what the plan says, the engine
// leaves a marker table holding two hashes: the plan's text, and nft's own listing of the rules
// it loaded. A later plan with other text, or rules changed by hand, no longer match it.

/** The marker table: empty but for its comment, so it matches no packet. */
const MARKER_TABLE = "engine_applied";
const MARKER = new RegExp(`table inet ${MARKER_TABLE} \\{\\s*comment "([0-9a-f]+) ([0-9a-f]+)"\\s*\\}\\s*`);

/** 128 bits of sha256: two fit the 128 characters nft allows a comment. */
const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

function nft(ns: string, args: string[], input?: string): Promise<string> {
  return run("ip", ["netns", "exec", ns, "nft", ...args], input);
}

export function listRuleset(ns: string): Promise<string> {
  return nft(ns, ["list", "ruleset"]);
}

/** The listing without what changes by itself (counters) and without layout noise. */
function normalize(listing: string): string {
  return listing
    .replace(/packets \d+ bytes \d+/g, "packets 0 bytes 0")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .join("\n");
}

/** Whether the ruleset `listing` (nft list ruleset) is the one the engine loaded for `planned`. */
export function rulesetMatches(listing: string, planned: string | null): boolean {
  if (planned === null) return listing.trim() === "";
  const marker = MARKER.exec(listing);
  if (!marker) return false;
  const rest = listing.replace(MARKER, "");
  return marker[1] === sha(planned) && marker[2] === sha(normalize(rest));
}

/** Replaces the namespace's whole ruleset with `planned` (null: no rules), then marks it. */
export async function replaceRuleset(ns: string, planned: string | null): Promise<void> {
  if (planned === null) {
    await nft(ns, ["-f", "-"], "flush ruleset\n");
    return;
  }
  await nft(ns, ["-f", "-"], `flush ruleset\n${planned}\n`);
  const loaded = normalize(await listRuleset(ns));
  await nft(ns, ["-f", "-"], `table inet ${MARKER_TABLE} {\n  comment "${sha(planned)} ${sha(loaded)}";\n}\n`);
}
