import { env } from "@/server/env";
import { AMPHORA_FLAVOR_KEYS } from "./flavors";
import { PROVIDERS } from "./provider-data";
import { type HealthMonitorType, type ListenerProtocol, type LbAlgorithm, UNSUPPORTED_LISTENER_PROTOCOLS } from "./schemas/enums";
import { ValidationError } from "@/server/kernel/errors";
import { monitorTypeEnabledRule } from "./schemas/healthMonitor";
import { algorithmRule } from "./schemas/rules";

// What the amphora provider of this cloud can serve, beyond what the API itself accepts.

export { PROVIDERS };

function assertProvider(provider: string): void {
  if (!PROVIDERS.some((p) => p.name === provider)) throw new ValidationError(`Provider '${provider}' is not enabled.`, "provider");
}

/** What a flavor profile of the amphora provider may set (Octavia's amphora driver's list); another name is Octavia's 400. */
export function providerCapabilities(provider: string): { name: string; description: string }[] {
  assertProvider(provider);
  return Object.entries(AMPHORA_FLAVOR_KEYS).map(([name, { description }]) => ({ name, description }));
}

/** What an availability zone profile of the amphora provider may set (Octavia's amphora driver's list). */
export function availabilityZoneCapabilities(provider: string): { name: string; description: string }[] {
  assertProvider(provider);
  return [
    { name: "compute_zone", description: "The compute availability zone." },
    { name: "volume_zone", description: "The volume availability zone." },
    { name: "management_network", description: "The management network ID for the amphora." },
    { name: "valid_vip_networks", description: "List of network IDs that are allowed for VIP use. This overrides/replaces the list of allowed networks configured in `octavia.conf`." },
  ];
}

export function assertListenerProtocolSupported(protocol: ListenerProtocol, field: string): void {
  const reason = UNSUPPORTED_LISTENER_PROTOCOLS[protocol];
  if (reason) {
    throw new ValidationError(`Provider 'amphora' does not support a requested option: ${reason}.`, field);
  }
}

export function assertAlgorithmSupported(algorithm: LbAlgorithm, field: string): void {
  const unsupported = algorithmRule(algorithm);
  if (unsupported) throw new ValidationError(`Provider 'amphora' does not support a requested option: ${unsupported}.`, field);
}

/** PING monitors only where the operator allows them (monitorTypeEnabledRule says why). */
export function assertMonitorTypeEnabled(type: HealthMonitorType, field: string, allowPing: boolean = env().ALLOW_PING_HEALTH_MONITORS): void {
  const message = monitorTypeEnabledRule(type, allowPing);
  if (message) throw new ValidationError(message, field);
}
