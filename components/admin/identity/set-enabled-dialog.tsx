"use client";

import { useMutation } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RowAction } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { useRefreshIdentity } from "./identity-data";

const NOTES = {
  Project: {
    disable: "Sessions and tokens scoped to it stop working at once and nobody can log in to it; its load balancers keep running.",
    enable: "Its members can log in to it again.",
  },
  User: {
    disable: "Their sessions and tokens stop working at once and they cannot log in; their role assignments are kept.",
    enable: "They can log in again with their password.",
  },
} as const;

/**
 * A row's Enable or Disable, whichever applies. As in Horizon, the admin's own project and the
 * admin themselves cannot be disabled from their own session.
 */
export const enabledActions = (kind: "Project" | "User", enabled: boolean, isOwn: boolean, onSelect: () => void): RowAction[] => [
  { label: `Enable ${kind}`, hidden: enabled, onSelect },
  { label: `Disable ${kind}`, danger: true, hidden: !enabled || isOwn, onSelect },
];

/** "Confirm Disable Project"-style: Keystone retires a project or user by disabling it, not deleting. */
export function SetEnabledDialog({
  kind,
  name,
  enable,
  run,
  onClose,
}: {
  kind: "Project" | "User";
  name: string;
  /** What the confirmation does: enable (true) or disable (false). */
  enable: boolean;
  run: () => Promise<unknown>;
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const change = useMutation({ mutationFn: run });
  const verb = enable ? "Enable" : "Disable";
  return (
    <ConfirmDialog
      title={`Confirm ${verb} ${kind}`}
      open
      danger={!enable}
      confirmLabel={`${verb} ${kind}`}
      pending={change.isPending}
      error={change.error ? messageOf(change.error) : null}
      message={
        <>
          <p>
            {verb} {kind.toLowerCase()} <strong>{name}</strong>?
          </p>
          <p className="mt-1 text-muted">{NOTES[kind][enable ? "enable" : "disable"]}</p>
        </>
      }
      onCancel={() => !change.isPending && onClose()}
      onConfirm={() =>
        change.mutate(undefined, {
          onSuccess: () => {
            toast.success(`${enable ? "Enabled" : "Disabled"} ${kind.toLowerCase()} ${name}`);
            void refresh();
            onClose();
          },
        })
      }
    />
  );
}
