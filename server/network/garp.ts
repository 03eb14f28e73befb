import { netnsPath } from "./iproute";
import { launch } from "@/amphora/spawner";

// Gratuitous ARP for a floating IP a router has just taken on its gateway port, and for the VIP
// of a new amphora (whose predecessor, on another host, had the same MAC: every bridge and VXLAN
// endpoint on the way learns the new place from it). A port's MAC
// follows its own address (desired.ts), so every address keeps its MAC but a floating IP: it
// is an extra address of a router's `qg-` port, and moving it to another router's port moves it
// to another MAC. Until told, the host and every other router on the external network keep
// sending it to the old port for as long as their neighbour entry lives (the old router no
// longer DNATs it), so the router announces it as Neutron's L3 agent does (`arping -U`).
//
// arping waits a second after its one packet before it exits, and nothing depends on that
// wait: it runs on its own, unwaited, and a failure (arping missing, the namespace gone
// meanwhile) costs only the announcement. Names and addresses come from a checked plan.

export function announceAddresses(namespace: string, ifname: string, addresses: string[]): void {
  for (const address of addresses) {
    launch("nsenter", [`--net=${netnsPath(namespace)}`, "arping", "-q", "-U", "-c", "1", "-I", ifname, address]);
  }
}
