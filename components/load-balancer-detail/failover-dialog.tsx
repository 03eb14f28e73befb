"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { useWriteErrorReporter } from "@/components/ui/write-errors";

/**
 * Octavia's load balancer failover, for admins: its HAProxy is replaced by a new one started from
 * the rendered config. From ACTIVE or ERROR: how a load balancer in ERROR recovers without being
 * deleted. The page follows the PENDING_UPDATE and what comes after from the status stream.
 */
export function FailoverLoadBalancerDialog({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const report = useWriteErrorReporter();
  const [error, setError] = useState<string | null>(null);
  const failover = useMutation(trpc.loadBalancer.failover.mutationOptions());
  return (
    <ConfirmDialog
      title="Confirm Failover Load Balancer"
      open
      danger
      confirmLabel="Failover Load Balancer"
      pending={failover.isPending}
      error={error}
      message={
        <p>
          Replace the amphora of load balancer <strong>{name}</strong> with a new HAProxy started from its configuration? It is Pending
          Update until the new one runs.
        </p>
      }
      onCancel={() => !failover.isPending && onClose()}
      onConfirm={() => {
        setError(null);
        failover.mutate(
          { id },
          {
            onSuccess: () => {
              toast.success(`Failover of load balancer ${name} started`);
              onClose();
            },
            onError: (err) => report(err, setError),
          },
        );
      }}
    />
  );
}
