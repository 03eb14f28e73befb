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

/** "1 listener and 1 pool", "2 listeners", "" for none: what a delete takes with it. */
export function childrenLabel(listeners: number, pools: number): string {
  const count = (n: number, noun: string) => (n === 0 ? null : `${n} ${noun}${n === 1 ? "" : "s"}`);
  return [count(listeners, "listener"), count(pools, "pool")].filter(Boolean).join(" and ");
}

/**
 * Why a delete without cascade cannot go ahead for these load balancers (Octavia refuses one
 * with children), or null when none has any.
 */
export function cascadeNeeded(targets: readonly { name: string; listenerCount: number; poolCount: number }[]): string | null {
  const withChildren = targets.filter((t) => t.listenerCount + t.poolCount > 0);
  const [only] = withChildren;
  if (!only) return null;
  const check = 'Check "Delete all children (cascade)" to delete them too.';
  if (targets.length === 1) {
    return `This load balancer has ${childrenLabel(only.listenerCount, only.poolCount)}: it is only deleted with its children. ${check}`;
  }
  const names = withChildren.map((t) => t.name).join(", ");
  return withChildren.length === 1
    ? `${names} has ${childrenLabel(only.listenerCount, only.poolCount)}: it is only deleted with its children. ${check}`
    : `${names} have listeners or pools: they are only deleted with their children. ${check}`;
}
