import type { AmphoraDriver } from "@/amphora/driver";
import type { RenderOptions } from "@/amphora/render";
import type { Database } from "@/db/client";

/** What every part of the controller works with: the database, the amphora driver, a log. */
export interface ControllerDeps {
  database: Database;
  driver: AmphoraDriver;
  log: (message: string) => void;
  render?: RenderOptions;
}
