import { describe, expect, it } from "vitest";
import { type LiveQueryKeys, rereadOnStart } from "./live-queries";

const keys: LiveQueryKeys = {
  resources: {
    loadbalancer: ["loadBalancer", "get"],
    listener: ["listener"],
    pool: ["pool"],
    member: ["member"],
    healthmonitor: ["healthMonitor"],
    l7policy: ["l7Policy"],
    l7rule: ["l7Rule"],
  },
  list: ["loadBalancer", "list"],
  tree: ["loadBalancer", "statusTree"],
  events: ["loadBalancer", "events"],
  stats: ["loadBalancer", "stats"],
  floatingIps: ["floatingIp", "list"],
};

describe("a (re)started status stream", () => {
  it("reads again every resource its events name, L7 policies and rules included", () => {
    const reread = rereadOnStart(keys);
    for (const key of Object.values(keys.resources)) expect(reread).toContainEqual(key);
    expect(reread).toContainEqual(["l7Policy"]);
    expect(reread).toContainEqual(["l7Rule"]);
  });

  it("reads again the status tree, the timeline and the statistics, which no event carries whole", () => {
    expect(rereadOnStart(keys)).toEqual(expect.arrayContaining([keys.tree, keys.events, keys.stats]));
  });
});
