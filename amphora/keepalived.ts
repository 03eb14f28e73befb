import net from "node:net";
import path from "node:path";
import { checkAddress, checkId, checkInt, checkPattern, FILE_PATH, RenderError } from "./allow-list";

// keepalived's configuration for one amphora of an ACTIVE_STANDBY pair: a pure renderer beside
// HAProxy's (render.ts), with the same allow-list discipline. Each amphora runs keepalived in its
// own namespace; the two speak VRRP version 3 by unicast between their VRRP addresses (no
// multicast on a tenant network), and the VIP is a virtual address of the instance: the MASTER
// holds it, and announces it with gratuitous ARP when it takes it. A check script tracks the
// amphora's HAProxy, so an amphora whose HAProxy is gone gives the VIP up (FAULT) at once.
//
// Octavia's template (keepalived_base.template) with its defaults where they make sense here:
// both start BACKUP with `nopreempt` (an amphora back from a failure never takes the VIP from a
// working peer, which would cost a second gap), priorities 100 (MASTER) and 90 (BACKUP), garp
// refresh. Unlike Octavia's VRRPv2 with a 1 s advert, adverts go every 100 ms by default: the
// backup takes over 3 adverts (plus skew) after the master goes silent, about 0.35 s.

/** Octavia's vrrp_priority of each role. */
export const VRRP_PRIORITY = { MASTER: 100, BACKUP: 90 } as const;

/** An interface name inside the amphora's namespace (IFNAMSIZ). */
const IFNAME = /^[a-z0-9][a-z0-9_.-]{0,14}$/;

export interface VrrpSettings {
  /** The load balancer: its id names the VRRP instance. */
  loadbalancerId: string;
  /** This amphora (named in the header only). */
  amphoraId: string;
  /** The interface the VIP and the VRRP address are on. */
  interface: string;
  /** VRRP's virtual_router_id (1..255): the pair's, the same on both. */
  vrrpId: number;
  /** This amphora's priority (1..254). */
  priority: number;
  /** This amphora's own address on the VIP subnet, where it sends adverts from. */
  vrrpIp: string;
  /**
   * The other amphora's VRRP address. Never none: keepalived falls back to multicast without a
   * unicast peer. While the pair is rebuilt, the survivor keeps the lost amphora's address.
   */
  peers: string[];
  /** The VIP and its subnet's prefix length. */
  vip: { address: string; prefixLength: number };
  /** Between two adverts (10..25500 ms, a multiple of 10: VRRPv3 counts centiseconds). */
  advertIntervalMs: number;
  /** Between two runs of the check script (whole seconds, keepalived's unit). */
  checkIntervalS: number;
  /** Failed checks in a row before the amphora gives the VIP up; successes before it may take it again. */
  checkFall: number;
  checkRise: number;
}

/** Where an amphora's keepalived keeps its files (beside its HAProxy's). */
export interface KeepalivedPaths {
  config: string;
  checkScript: string;
  /** keepalived's notify script, which writes the instance's state to `stateFile`. */
  notifyScript: string;
  /** MASTER, BACKUP, FAULT or STOP: what keepalived last said this amphora is. */
  stateFile: string;
  pidFile: string;
  vrrpPidFile: string;
  /** The HAProxy master's pidfile, which the check script reads. */
  haproxyPidFile: string;
}

export function keepalivedPaths(amphoraDir: string, haproxyPidFile: string): KeepalivedPaths {
  return {
    config: path.join(amphoraDir, "keepalived.conf"),
    checkScript: path.join(amphoraDir, "haproxy-check.sh"),
    notifyScript: path.join(amphoraDir, "vrrp-notify.sh"),
    stateFile: path.join(amphoraDir, "vrrp.state"),
    pidFile: path.join(amphoraDir, "keepalived.pid"),
    vrrpPidFile: path.join(amphoraDir, "keepalived-vrrp.pid"),
    haproxyPidFile,
  };
}

export const DEFAULT_VRRP_TIMING = { advertIntervalMs: 100, checkIntervalS: 1, checkFall: 2, checkRise: 2 } as const;

function checked(s: VrrpSettings, p: KeepalivedPaths): VrrpSettings {
  checkId("load balancer id", s.loadbalancerId);
  checkId("amphora id", s.amphoraId);
  checkPattern("interface", s.interface, IFNAME);
  checkInt("virtual_router_id", s.vrrpId, 1, 255);
  checkInt("priority", s.priority, 1, 254);
  // IPv4 only: a VIP of the other family goes in virtual_ipaddress_excluded, which this renders not.
  const v4 = (field: string, value: string) => {
    checkAddress(field, value);
    if (!net.isIPv4(value)) throw new RenderError(`${field} ${value} is not an IPv4 address`);
  };
  v4("vrrp_ip", s.vrrpIp);
  if (s.peers.length === 0) throw new RenderError("a VRRP instance needs its peer's address: without one keepalived falls back to multicast");
  for (const peer of s.peers) v4("unicast peer", peer);
  if (s.peers.includes(s.vrrpIp)) throw new RenderError(`the amphora's own VRRP address ${s.vrrpIp} cannot be its peer`);
  v4("vip", s.vip.address);
  if (s.vip.address === s.vrrpIp || s.peers.includes(s.vip.address)) throw new RenderError(`the VIP ${s.vip.address} cannot be a VRRP address`);
  checkInt("vip prefix length", s.vip.prefixLength, 1, 32);
  checkInt("advert interval (ms)", s.advertIntervalMs, 10, 25_500);
  if (s.advertIntervalMs % 10 !== 0) throw new RenderError(`advert interval ${s.advertIntervalMs} ms is not a whole number of centiseconds`);
  checkInt("check interval (s)", s.checkIntervalS, 1, 3600);
  checkInt("check fall", s.checkFall, 1, 100);
  checkInt("check rise", s.checkRise, 1, 100);
  for (const [name, file] of Object.entries(p)) checkPattern(`${name} path`, file, FILE_PATH);
  return s;
}

/** The VRRP instance's name: the load balancer's id without dashes (keepalived takes it as one word). */
export const vrrpInstanceName = (loadbalancerId: string) => `lb_${checkId("load balancer id", loadbalancerId).replaceAll("-", "")}`;

/**
 * The check script: succeeds while the HAProxy named in its pidfile runs. A pidfile alone proves
 * nothing (the pid may be another program's by now), and a killed HAProxy is a zombie until its
 * new parent reaps it (seconds, on some machines) that still answers kill -0: the process's name
 * and state are read instead. Plain sh, no command of its own to fork.
 */
export function renderCheckScript(p: KeepalivedPaths): string {
  checkPattern("haproxy pidfile path", p.haproxyPidFile, FILE_PATH);
  return `#!/bin/sh
# Written by amphora/keepalived.ts: keepalived's check that this amphora's HAProxy runs.
read -r pid < ${p.haproxyPidFile} || exit 1
case "$pid" in ''|*[!0-9]*) exit 1 ;; esac
read -r name < /proc/$pid/comm || exit 1
[ "$name" = haproxy ] || exit 1
while read -r key value _; do
    [ "$key" = "State:" ] && { [ "$value" != Z ]; exit; }
done < /proc/$pid/status
exit 1
`;
}

/**
 * keepalived's notify script: it is called with (INSTANCE|GROUP, name, state, priority) on every
 * change of state, and keeps the state in a file the agent reads (a role that changes is shown
 * as it changes). Only keepalived's own words are written.
 */
export function renderNotifyScript(p: KeepalivedPaths): string {
  checkPattern("vrrp state file path", p.stateFile, FILE_PATH);
  return `#!/bin/sh
# Written by amphora/keepalived.ts: keeps this amphora's VRRP state for its agent.
case "$3" in MASTER|BACKUP|FAULT|STOP) ;; *) exit 0 ;; esac
echo "$3" > ${p.stateFile}.tmp && /bin/mv -f ${p.stateFile}.tmp ${p.stateFile}
`;
}

export function renderKeepalived(settings: VrrpSettings, paths: KeepalivedPaths): string {
  const s = checked(settings, paths);
  const advert = (s.advertIntervalMs / 1000).toFixed(2);
  const peers = s.peers.map((peer) => `        ${peer}\n`).join("");
  return `# Rendered for amphora ${s.amphoraId} of load balancer ${s.loadbalancerId}; do not edit.
global_defs {
    router_id ${s.amphoraId.slice(0, 8)}
    vrrp_version 3
    # Announce the VIP at once on takeover, and again shortly after (a peer's ARP cache).
    vrrp_garp_master_delay 1
    vrrp_garp_master_repeat 3
    script_user root
    enable_script_security
}

vrrp_script haproxy_check {
    script "${paths.checkScript}"
    interval ${s.checkIntervalS}
    timeout ${s.checkIntervalS}
    fall ${s.checkFall}
    rise ${s.checkRise}
}

vrrp_instance ${vrrpInstanceName(s.loadbalancerId)} {
    state BACKUP
    interface ${s.interface}
    virtual_router_id ${s.vrrpId}
    priority ${s.priority}
    nopreempt
    accept
    advert_int ${advert}
    notify "${paths.notifyScript}"
    garp_master_refresh 5
    garp_master_refresh_repeat 2

    unicast_src_ip ${s.vrrpIp}
    unicast_peer {
${peers}    }

    virtual_ipaddress {
        ${s.vip.address}/${s.vip.prefixLength} dev ${s.interface}
    }

    track_script {
        haproxy_check
    }
}
`;
}
