import { describe, expect, it } from "vitest";
import { DEFAULT_VRRP_TIMING, keepalivedPaths, renderCheckScript, renderKeepalived, renderNotifyScript, VRRP_PRIORITY, type VrrpSettings } from "./keepalived";

const paths = keepalivedPaths("/var/lib/lbaas/amphorae/11111111-1111-4111-8111-111111111111", "/var/lib/lbaas/amphorae/11111111-1111-4111-8111-111111111111/haproxy.pid");
const settings: VrrpSettings = {
  loadbalancerId: "11111111-1111-4111-8111-111111111111",
  amphoraId: "22222222-2222-4222-8222-222222222222",
  interface: "eth1",
  vrrpId: 42,
  priority: VRRP_PRIORITY.MASTER,
  vrrpIp: "10.0.0.11",
  peers: ["10.0.0.12"],
  vip: { address: "10.0.0.10", prefixLength: 24 },
  ...DEFAULT_VRRP_TIMING,
};

/** The directive lines of a block, trimmed. */
const linesOf = (text: string) => text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

describe("renderKeepalived", () => {
  it("renders a VRRPv3 unicast instance that starts BACKUP, does not preempt and tracks HAProxy", () => {
    const lines = linesOf(renderKeepalived(settings, paths));
    expect(lines).toEqual(
      expect.arrayContaining([
        "vrrp_version 3",
        "vrrp_instance lb_11111111111141118111111111111111 {",
        "state BACKUP",
        "nopreempt",
        "interface eth1",
        "virtual_router_id 42",
        "priority 100",
        "advert_int 0.10",
        "unicast_src_ip 10.0.0.11",
        "10.0.0.12",
        "10.0.0.10/24 dev eth1",
        `script "${paths.checkScript}"`,
        "haproxy_check",
        "fall 2",
      ]),
    );
    expect(linesOf(renderKeepalived(settings, paths))).toContain(`notify "${paths.notifyScript}"`);
  });

  it("refuses values that would make directives of their own", () => {
    const bad: Partial<VrrpSettings>[] = [
      { interface: "eth1\n}\nvrrp_script x {" },
      { vrrpIp: "10.0.0.11 }" },
      { peers: ["10.0.0.12\nscript_user nobody"] },
      { peers: ["10.0.0.11"] },
      // keepalived would fall back to multicast on the tenant network.
      { peers: [] },
      { vrrpIp: "fd00::11" },
      { vip: { address: "10.0.0.11", prefixLength: 24 } },
      { vrrpId: 0 },
      { priority: 255 },
      { advertIntervalMs: 105 },
      { vip: { address: "10.0.0.10/8", prefixLength: 24 } },
      { loadbalancerId: "not-a-uuid" },
    ];
    for (const change of bad) expect(() => renderKeepalived({ ...settings, ...change }, paths), JSON.stringify(change)).toThrow();
    expect(() => renderKeepalived(settings, { ...paths, checkScript: "/tmp/x y.sh" })).toThrow();
  });

  it("checks HAProxy by its pidfile, another program's pid or a zombie counting as gone", () => {
    const script = renderCheckScript(paths);
    expect(script).toContain(`read -r pid < ${paths.haproxyPidFile} || exit 1`);
    expect(script).toContain('[ "$name" = haproxy ] || exit 1');
    expect(script).toContain('[ "$value" != Z ]');
  });

  it("keeps the state keepalived reports, and nothing else, in the state file", () => {
    const script = renderNotifyScript(paths);
    expect(script).toContain('case "$3" in MASTER|BACKUP|FAULT|STOP) ;; *) exit 0 ;; esac');
    expect(script).toContain(`> ${paths.stateFile}.tmp`);
  });
});
