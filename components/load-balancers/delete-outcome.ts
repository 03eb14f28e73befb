// What a batch delete tells the operator: which load balancers were deleted and which were
// refused, with the server's reason for each refusal.

export interface DeleteResult {
  id: string;
  name: string;
  error: string | null;
}

export interface DeleteOutcome {
  /** For the success toast, or null when nothing was deleted. */
  success: string | null;
  /** One line per refusal, shown in the dialog (which stays open with the refused ones). */
  failures: string[];
  failedIds: string[];
}

export function deleteOutcome(results: readonly DeleteResult[]): DeleteOutcome {
  const done = results.filter((r) => r.error === null);
  const failed = results.filter((r) => r.error !== null);
  return {
    success:
      done.length === 0
        ? null
        : done.length === 1
          ? `Scheduled deletion of load balancer ${done[0]?.name}`
          : `Scheduled deletion of ${done.length} load balancers: ${done.map((r) => r.name).join(", ")}`,
    failures: failed.map((r) => `${r.name}: ${r.error}`),
    failedIds: failed.map((r) => r.id),
  };
}
