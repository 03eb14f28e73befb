"use client";

import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { useToast } from "./toast";
import { useWriteErrorReporter } from "./write-errors";

/**
 * "Confirm Delete Listener"-style dialog around one delete call: the button spins while it
 * runs, the lock's refusal is a toast, any other refusal stays in the dialog.
 */
export function DeleteResourceDialog({
  kind,
  name,
  run,
  onDeleted,
  onClose,
  note,
  verb = "Delete",
  successText,
  children,
}: {
  /** "Listener", "Health Monitor", … */
  kind: string;
  name: string;
  run: () => Promise<unknown>;
  onDeleted?: () => void;
  onClose: () => void;
  note?: string;
  /** "Release" for a floating IP. */
  verb?: string;
  /** The toast on success; by default, that the deletion was scheduled (the controller applies it). */
  successText?: string;
  /** Options under the message (e.g. "Also delete its default pool"), read by `run`. */
  children?: ReactNode;
}) {
  const toast = useToast();
  const report = useWriteErrorReporter();
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation({ mutationFn: run });
  return (
    <ConfirmDialog
      title={`Confirm ${verb} ${kind}`}
      open
      danger
      confirmLabel={`${verb} ${kind}`}
      pending={remove.isPending}
      error={error}
      message={
        <>
          <p>
            You have selected <strong>{name}</strong>. Please confirm your selection. This action cannot be undone.
          </p>
          {note && <p className="mt-1 text-muted">{note}</p>}
        </>
      }
      onCancel={() => !remove.isPending && onClose()}
      onConfirm={() => {
        setError(null);
        remove.mutate(undefined, {
          onSuccess: () => {
            toast.success(successText ?? `Scheduled deletion of ${kind.toLowerCase()} ${name}`);
            onDeleted?.();
            onClose();
          },
          onError: (err) => report(err, setError),
        });
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
