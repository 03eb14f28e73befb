import fs from "node:fs/promises";
import path from "node:path";
import { run } from "./command";

// A thin layer over iproute2's `ip`: JSON to read (`-json`), `-n <ns>` to act inside a
// namespace without entering it, and `-batch -` so that many changes cost one process.

/** A link as `ip -d -json addr show` prints it (the fields the engine reads). */
export interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu?: number;
  address?: string;
  /** The bridge this link is a port of. */
  master?: string;
  /** A veth's peer's ifindex, when the peer is in another namespace. */
  link_index?: number;
  /** A veth's peer's name, when the peer is in the same namespace. */
  link?: string;
  /** The id, as seen from here, of the namespace a veth's peer lives in. */
  link_netnsid?: number;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; group?: string; port?: number; link?: string } };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

/** A route as `ip -json route show` prints it. */
export interface IpRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  type?: string;
  table?: string;
}

export interface IpNamespace {
  name: string;
  /** Set once a link pairs this namespace with the host's (a veth). */
  id?: number;
}

const inside = (ns: string | undefined) => (ns === undefined ? [] : ["-n", ns]);

export function ip(args: string[], ns?: string): Promise<string> {
  return run("ip", [...inside(ns), ...args]);
}

/** Runs `ip -json …` and parses it; nothing printed is an empty list. */
export async function ipJson<T>(args: string[], ns?: string): Promise<T[]> {
  return parseJsonList<T>(await ip(["-json", ...args], ns));
}

export function parseJsonList<T>(text: string): T[] {
  return text.trim() === "" ? [] : (JSON.parse(text) as T[]);
}

/** One `ip -batch -` for many commands (each line an `ip` command without the `ip`); stops at the first failure. */
export async function ipBatch(lines: string[], ns?: string): Promise<void> {
  if (lines.length > 0) await run("ip", [...inside(ns), "-batch", "-"], `${lines.join("\n")}\n`);
}

/** Where `ip netns add` mounts a named namespace (iproute2's NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = "/run/netns";
export const netnsPath = (name: string) => path.join(NETNS_RUN_DIR, name);

/** Whether `ip netns list` would list it, without spawning `ip`: its file in NETNS_RUN_DIR. */
export async function namespaceListed(name: string): Promise<boolean> {
  return fs.access(netnsPath(name)).then(
    () => true,
    () => false,
  );
}

// The names come in as arguments ("$@") after the namespace ("" for the host's own); one that
// does not exist prints nothing.
const LINKS_SCRIPT = `at=$1; shift; for l in "$@"; do ip \${at:+-n "$at"} -d -json addr show dev "$l" 2>/dev/null; done; exit 0`;

/**
 * The host's links of these names that exist, as hostLinks() shows them, in one process: what
 * making one namespace needs to read, whatever else the host has (at 500 load balancers, reading
 * every link is a thousand entries per create). `at`: the links of that namespace instead (an
 * amphora host's, where its amphorae's ports end).
 */
export async function hostLinksNamed(names: string[], at?: string): Promise<IpLink[]> {
  if (names.length === 0) return [];
  const output = await run("sh", ["-c", LINKS_SCRIPT, "sh", at ?? "", ...names]);
  return output.split("\n").flatMap((line) => parseJsonList<IpLink>(line));
}

export function listNamespaces(): Promise<IpNamespace[]> {
  return ipJson<IpNamespace>(["netns", "list"]);
}

/** Every link of the host's namespace with its kind, bridge and addresses, in one call. */
export function hostLinks(): Promise<IpLink[]> {
  return ipJson<IpLink>(["-d", "addr", "show"]);
}

/** The IPv4 addresses of a link in CIDR form. */
export function ipv4Addresses(link: IpLink): string[] {
  return (link.addr_info ?? []).filter((a) => a.family === "inet").map((a) => `${a.local}/${a.prefixlen}`);
}

export function isUp(link: IpLink): boolean {
  return link.flags.includes("UP");
}

/** A route's destination in CIDR form ("default" stays): `ip` prints a host route without its /32. */
export function routeDestination(route: IpRoute): string {
  return route.dst === "default" || route.dst.includes("/") ? route.dst : `${route.dst}/32`;
}
