"use client";

import { useTRPCClient } from "@/components/providers/trpc";
import { isLockRefusal } from "@/server/services/lock-rules";
import { loadBalancerIdOf, lockConflictText } from "./lock-conflict";
import { useToast } from "./toast";
import { fieldErrorsOf, isConflict, messageOf } from "./trpc-errors";

/** A refusal of the status lock ("Load Balancer … is immutable and cannot be updated."): about no field, in the lock's words. */
export const isLockConflict = (err: unknown) => isConflict(err) && Object.keys(fieldErrorsOf(err)).length === 0 && isLockRefusal(messageOf(err));

/**
 * How a failed write is told: a refusal of the status lock as a toast, with what to do given the
 * load balancer's state read just after (wait for a change under way; only delete or fail over
 * one in ERROR); anything else goes to `show` (the form's top) when given, else a toast too.
 */
export function useWriteErrorReporter() {
  const toast = useToast();
  const client = useTRPCClient();
  const statusOf = async (id: string | null) => {
    if (!id) return null;
    return client.loadBalancer.get.query({ id }).then(
      (lb) => lb.provisioning_status,
      () => null,
    );
  };
  return (err: unknown, show?: (message: string) => void) => {
    const message = messageOf(err);
    if (isLockConflict(err)) void statusOf(loadBalancerIdOf(message)).then((status) => toast.error(lockConflictText(message, status)));
    else if (!show) toast.error(message);
    else show(message);
  };
}
