import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rulesetMatches } from "./nft";

const sha = (t: string) => createHash("sha256").update(t).digest("hex").slice(0, 32);
const PLAN = "table ip nat {\n  chain pre {\n    type nat hook prerouting priority dstnat; policy accept;\n    ip daddr 1.2.3.4 counter dnat to 10.0.0.5\n  }\n}\n";
// What `nft list ruleset` prints once the plan and its marker are loaded.
const LOADED = "table ip nat {\n\tchain pre {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tip daddr 1.2.3.4 counter packets 0 bytes 0 dnat to 10.0.0.5\n\t}\n}";
const listing = (rules: string, planned = PLAN, loaded = LOADED) =>
  `${rules}\ntable inet engine_applied {\n\tcomment "${sha(planned)} ${sha(loaded)}"\n}\n`;

describe("telling whether a namespace's ruleset is the one planned", () => {
  it("matches what the engine loaded, whatever its counters say since", () => {
    expect(rulesetMatches(listing(LOADED), PLAN)).toBe(true);
    expect(rulesetMatches(listing(LOADED.replace("packets 0 bytes 0", "packets 12 bytes 3400")), PLAN)).toBe(true);
  });

  it("does not match another plan, a rule changed by hand, a missing marker, or rules where none are planned", () => {
    expect(rulesetMatches(listing(LOADED), PLAN.replace("10.0.0.5", "10.0.0.6"))).toBe(false);
    expect(rulesetMatches(listing(LOADED.replace("1.2.3.4", "1.2.3.5")), PLAN)).toBe(false);
    expect(rulesetMatches(`${LOADED}\n`, PLAN)).toBe(false);
    expect(rulesetMatches("", PLAN)).toBe(false);
    expect(rulesetMatches(listing(LOADED), null)).toBe(false);
    expect(rulesetMatches("", null)).toBe(true);
  });
});
