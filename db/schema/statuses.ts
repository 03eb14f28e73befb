// Octavia's status values. No imports, so the API's input schemas (which the browser bundles for
// its forms) can name them without pulling in the table definitions.

export const PROVISIONING_STATUSES = [
  "ACTIVE",
  "PENDING_CREATE",
  "PENDING_UPDATE",
  "PENDING_DELETE",
  "DELETED",
  "ERROR",
] as const;
export type ProvisioningStatus = (typeof PROVISIONING_STATUSES)[number];

export const OPERATING_STATUSES = ["ONLINE", "OFFLINE", "DEGRADED", "ERROR", "DRAINING", "NO_MONITOR"] as const;
export type OperatingStatus = (typeof OPERATING_STATUSES)[number];

/**
 * A change is being applied: the controller has work on the row, and every other change to it
 * waits. The one list of the PENDING_* statuses, for the services, the controller and the UI.
 */
export const PENDING_STATUSES = ["PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];

export const isPending = (status: string): status is PendingStatus => (PENDING_STATUSES as readonly string[]).includes(status);

/** Rows on their way out or gone: left out of counts, positions and the configs. */
export const GONE_STATUSES = ["PENDING_DELETE", "DELETED"] as const;
