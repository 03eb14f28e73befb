import type { AmphoraDriver } from "@/amphora/driver";
import type { RenderOptions } from "@/amphora/render";
import type { Database } from "@/db/client";
import type { NetworkReconciler } from "@/server/network/reconciler";

/**
 * The amphora hosts this controller reaches, by host id, each through its agent's client. A live
 * map: a host added while the controller runs (a new agent) is placed on from then on.
 */
export type HostDrivers = ReadonlyMap<string, AmphoraDriver>;

/** What every part of the controller works with: the database, the hosts' drivers, a log. */
export interface ControllerDeps {
  database: Database;
  /** New amphorae are placed on these hosts; each amphora is driven through its own host's driver. */
  hosts: HostDrivers;
  log: (message: string) => void;
  render?: RenderOptions;
  /**
   * The host's network: an amphora is plugged (its namespace, VIP and member legs made) before
   * its HAProxy is given a config, and unplugged once it is stopped for good.
   */
  network: Pick<NetworkReconciler, "plugAmphora" | "unplugAmphora" | "forgetPlug">;
}

/** The driver of the host an amphora was placed on; an error when this controller has no client for it. */
export function driverOf(deps: Pick<ControllerDeps, "hosts">, hostId: string): AmphoraDriver {
  const driver = deps.hosts.get(hostId);
  if (!driver) throw new Error(`amphora host ${hostId} has no agent client in this controller`);
  return driver;
}
