"use client";

import { useToast } from "./toast";
import { fieldErrorsOf, isConflict, messageOf } from "./trpc-errors";

/** A refusal of the status lock ("Load Balancer … is immutable and cannot be updated."): about no field. */
export const isLockConflict = (err: unknown) => isConflict(err) && Object.keys(fieldErrorsOf(err)).length === 0;

/**
 * How a failed write is told: a refusal of the status lock as a toast, since waiting a second
 * and retrying is the answer; anything else goes to `show` (the form's top) when given, else a
 * toast too.
 */
export function useWriteErrorReporter() {
  const toast = useToast();
  return (err: unknown, show?: (message: string) => void) => {
    const message = messageOf(err);
    if (isLockConflict(err)) toast.error(`${message.replace(/\.$/, "")}. A change is being applied: try again in a moment.`);
    else if (!show) toast.error(message);
    else show(message);
  };
}
