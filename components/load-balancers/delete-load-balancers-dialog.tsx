"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CheckboxField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { cascadeNeeded, childrenLabel, type DeleteResult, deleteOutcome } from "./delete-outcome";

export interface DeleteTarget {
  id: string;
  name: string;
  /** With listeners or pools, only a cascade delete is accepted. */
  listenerCount: number;
  poolCount: number;
}

/** What a delete dialog needs of a load balancer (a list row or the detail page's copy). */
export const deleteTargetOf = (lb: { id: string; name: string; listeners: unknown[]; pools: unknown[] }): DeleteTarget => ({
  id: lb.id,
  name: lb.name || lb.id,
  listenerCount: lb.listeners.length,
  poolCount: lb.pools.length,
});

const hasChildren = (t: DeleteTarget) => t.listenerCount + t.poolCount > 0;

/**
 * "Delete Load Balancers" for one or many: deletion is not cascade unless asked for (Horizon
 * always cascades). A load balancer with listeners or pools is only deleted with them, so the
 * delete waits for the cascade box while one is selected, and says why. A refusal of the server
 * (another tab added a listener meanwhile) is shown for each refused load balancer, and the
 * dialog stays open with just those.
 */
export function DeleteLoadBalancersDialog({
  targets,
  onClose,
  onDeleted,
}: {
  targets: DeleteTarget[];
  onClose: () => void;
  /** The ids whose deletion was accepted (they go PENDING_DELETE, then leave the list). */
  onDeleted?: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [cascade, setCascade] = useState(false);
  const [remaining, setRemaining] = useState(targets);
  const [failures, setFailures] = useState<string[]>([]);

  const remove = useMutation({
    mutationFn: (batch: { targets: DeleteTarget[]; cascade: boolean }) =>
      Promise.all(
        batch.targets.map((t): Promise<DeleteResult> =>
          client.loadBalancer.delete
            .mutate({ id: t.id, cascade: batch.cascade })
            .then(() => ({ id: t.id, name: t.name, error: null }))
            .catch((err: unknown) => ({ id: t.id, name: t.name, error: messageOf(err) })),
        ),
      ),
  });

  const confirm = () => {
    setFailures([]);
    remove.mutate(
      { targets: remaining, cascade },
      {
        onSuccess: (results) => {
          const outcome = deleteOutcome(results);
          void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
          if (outcome.success) toast.success(outcome.success);
          const deleted = results.filter((r) => r.error === null).map((r) => r.id);
          if (deleted.length > 0) onDeleted?.(deleted);
          if (outcome.failures.length === 0) {
            onClose();
            return;
          }
          setRemaining((ts) => ts.filter((t) => outcome.failedIds.includes(t.id)));
          setFailures(outcome.failures);
        },
      },
    );
  };

  const withChildren = remaining.filter(hasChildren);
  const blocked = withChildren.length > 0 && !cascade;
  const many = remaining.length > 1;
  return (
    <ConfirmDialog
      title={many ? "Confirm Delete Load Balancers" : "Confirm Delete Load Balancer"}
      open
      danger
      confirmLabel={many ? "Delete Load Balancers" : "Delete Load Balancer"}
      pending={remove.isPending}
      confirmUnavailable={blocked ? cascadeNeeded(remaining) : null}
      onCancel={() => !remove.isPending && onClose()}
      onConfirm={confirm}
      message={
        <>
          <p>You have selected:</p>
          <ul className="my-1 list-disc pl-5">
            {remaining.map((t) => (
              <li key={t.id} className="font-medium">
                {t.name}
                {hasChildren(t) && <span className="font-normal text-muted"> ({childrenLabel(t.listenerCount, t.poolCount)})</span>}
              </li>
            ))}
          </ul>
          <p>Please confirm your selection. This action cannot be undone.</p>
        </>
      }
    >
      <div className="space-y-1">
        <CheckboxField
          label="Delete all children (cascade)"
          checked={cascade}
          disabled={remove.isPending}
          onChange={(e) => setCascade(e.target.checked)}
        />
        <p className={`pl-5.5 text-xs ${blocked ? "text-amber-800" : "text-muted"}`}>
          {blocked ? cascadeNeeded(remaining) : "Listeners, pools, members and health monitors are deleted with the load balancer."}
        </p>
      </div>
      {failures.length > 0 && (
        <div role="alert" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-red-900">
          <p className="font-semibold">Unable to delete:</p>
          {failures.map((f) => (
            <p key={f}>{f}</p>
          ))}
        </div>
      )}
    </ConfirmDialog>
  );
}
