import type { ApplyResult, WorkerCounters } from "../driver";

// What the amphora agent and the controller's client of it agree on: the API's version, its
// header and bodies. The paths are Octavia's amphora API v1.0 (amphora/agent/api.ts).

export const API_VERSION = "1.0";

/** The agent's port, Octavia's `bind_port`. */
export const DEFAULT_AGENT_PORT = 9443;

/** Why the controller applies a config, for the agent's log (a header: the body is the config). */
export const REASON_HEADER = "x-lbaas-reason";

/** The common name of the controller's client certificate: the only client an agent serves. */
export const CONTROLLER_CN = "lbaas-controller";

/** Octavia's error body. `stage` says which step HAProxy refused a config at. */
export interface ErrorBody {
  message: string;
  details?: string;
  stage?: "check" | "start" | "reload";
}

export interface AgentInfo {
  hostname: string;
  haproxy_version: string;
  api_version: string;
  /** Where the agent keeps amphorae: the controller renders configs with the paths under it. */
  base_dir: string;
}

/** The upload's 202 details: what was done and, when a reload replaced a worker, what it counted. */
export interface ApplyDetails extends ApplyResult {
  replaced_worker?: WorkerCounters;
}
