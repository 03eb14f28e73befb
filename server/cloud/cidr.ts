import { Address4 } from "ip-address";

// Address math shared by IPAM and the dashboard's inline checks (ip-address has no
// dependencies and runs in the browser too).

/** Whether `ip` is a dotted-quad IPv4 address inside `cidr`; false for anything malformed. */
export function isInCidr(ip: string, cidr: string): boolean {
  if (!Address4.isValid(ip) || !Address4.isValid(cidr) || !cidr.includes("/")) return false;
  return new Address4(ip).isInSubnet(new Address4(cidr));
}
