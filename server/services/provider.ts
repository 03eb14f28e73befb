import { isInCidr } from "@/server/cloud/cidr";
import { type ListenerProtocol, type LbAlgorithm, UNSUPPORTED_LISTENER_PROTOCOLS } from "./schemas/enums";
import { ValidationError } from "./errors";

// What the amphora provider of this cloud can serve, beyond what the API itself accepts.

/** Members are health-checked and sent traffic: on this demo cloud they must be local. */
export const MEMBER_ADDRESS_SCOPE = "127.0.0.0/8";

export function assertListenerProtocolSupported(protocol: ListenerProtocol, field: string): void {
  const reason = UNSUPPORTED_LISTENER_PROTOCOLS[protocol];
  if (reason) {
    throw new ValidationError(`Provider 'amphora' does not support a requested option: ${reason}.`, field);
  }
}

export function assertAlgorithmSupported(algorithm: LbAlgorithm, field: string): void {
  if (algorithm === "SOURCE_IP_PORT") {
    throw new ValidationError(
      "Provider 'amphora' does not support a requested option: lb_algorithm SOURCE_IP_PORT is not supported by HAProxy amphorae.",
      field,
    );
  }
}

export function assertMemberAddressAllowed(address: string, field: string): void {
  if (!isInCidr(address, MEMBER_ADDRESS_SCOPE)) {
    throw new ValidationError(
      `${address} is outside this cloud's member range ${MEMBER_ADDRESS_SCOPE}: members must be addresses this cloud can reach.`,
      field,
    );
  }
}
