"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Instance } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";

interface PowerResult {
  id: string;
  name: string;
  status: string;
}

/**
 * Start a SHUTOFF instance, or stop an ACTIVE one once confirmed (its server stops answering, and
 * the members on its address with it); its own mutations, so each row spins alone. The button
 * is named by what it shows, "Stop Instance"; the instance it acts on is its description.
 */
export function InstancePowerButton({ instance }: { instance: Instance }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const describedBy = useId();
  const [confirming, setConfirming] = useState(false);
  const running = instance.status === "ACTIVE";

  const onSuccess = (result: PowerResult) => {
    queryClient.setQueriesData({ queryKey: trpc.instance.list.queryKey() }, (rows: Instance[] | undefined) =>
      rows?.map((r) => (r.id === result.id ? { ...r, status: result.status as Instance["status"] } : r)),
    );
    void queryClient.invalidateQueries({ queryKey: trpc.instance.list.queryKey() });
    toast.success(`${result.status === "ACTIVE" ? "Started" : "Stopped"} instance ${result.name}`);
  };
  const onError = (err: unknown) => toast.error(`Unable to ${running ? "stop" : "start"} instance ${instance.name}: ${messageOf(err)}`);
  const start = useMutation(trpc.instance.start.mutationOptions({ onSuccess, onError }));
  const stop = useMutation(trpc.instance.stop.mutationOptions({ onSuccess, onError }));
  const pending = start.isPending || stop.isPending;

  return (
    <>
      <span id={describedBy} hidden>
        {instance.name}
      </span>
      {running ? (
        <Button size="sm" variant="danger" pending={pending} aria-describedby={describedBy} aria-haspopup="dialog" onClick={() => setConfirming(true)}>
          Stop Instance
        </Button>
      ) : (
        <Button size="sm" pending={pending} aria-describedby={describedBy} onClick={() => start.mutate({ id: instance.id })}>
          Start Instance
        </Button>
      )}
      {confirming && (
        <ConfirmDialog
          title="Confirm Stop Instance"
          open
          danger
          confirmLabel="Stop Instance"
          message={
            <p>
              You have selected <strong>{instance.name}</strong>. Its server stops answering until it is started again; pools with a
              health monitor take it out of rotation meanwhile.
            </p>
          }
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            stop.mutate({ id: instance.id });
          }}
        />
      )}
    </>
  );
}
