import type { AmphoraDriver } from "@/amphora/driver";
import type { RenderOptions } from "@/amphora/render";
import type { Database } from "@/db/client";
import type { NetworkReconciler } from "@/server/network/reconciler";

/** What every part of the controller works with: the database, the amphora driver, a log. */
export interface ControllerDeps {
  database: Database;
  driver: AmphoraDriver;
  /** The amphora host `driver` reaches (its agent): new amphorae are placed there. None: placement is not recorded. */
  host?: { id: string };
  log: (message: string) => void;
  render?: RenderOptions;
  /**
   * The host's network: an amphora is plugged (its namespace, VIP and member legs made) before
   * its HAProxy is given a config, and unplugged once it is stopped for good.
   */
  network: Pick<NetworkReconciler, "plugAmphora" | "unplugAmphora">;
}
