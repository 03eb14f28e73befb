"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { useWriteErrorReporter } from "@/components/ui/write-errors";
import { useRefreshFloatingIps } from "./use-refresh-floating-ips";

/** Confirms, then disassociates: the address stays allocated to the project for later use. */
export function DisassociateFloatingIpDialog({
  floatingIp,
  from,
  onClose,
}: {
  floatingIp: { id: string; floating_ip_address: string };
  /** What it is associated with, as the operator knows it ("load balancer web"). */
  from: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshFloatingIps();
  const toast = useToast();
  const report = useWriteErrorReporter();
  const [error, setError] = useState<string | null>(null);
  const disassociate = useMutation(trpc.floatingIp.disassociate.mutationOptions());
  return (
    <ConfirmDialog
      title="Confirm Disassociate Floating IP"
      open
      danger
      confirmLabel="Disassociate"
      pending={disassociate.isPending}
      error={error}
      message={
        <>
          Disassociate floating IP <strong className="font-mono">{floatingIp.floating_ip_address}</strong> from {from}? The
          address stays allocated to the project.
        </>
      }
      onCancel={() => !disassociate.isPending && onClose()}
      onConfirm={() => {
        setError(null);
        disassociate.mutate(
          { id: floatingIp.id },
          {
            onSuccess: () => {
              void refresh();
              toast.success(`Disassociated floating IP ${floatingIp.floating_ip_address}`);
              onClose();
            },
            onError: (err) => report(err, setError),
          },
        );
      }}
    />
  );
}
