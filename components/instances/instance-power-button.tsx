"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Instance } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";

interface PowerResult {
  id: string;
  name: string;
  status: string;
}

/** Start a SHUTOFF instance or stop an ACTIVE one; its own mutations, so each row spins alone. */
export function InstancePowerButton({ instance }: { instance: Instance }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
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

  return running ? (
    <Button size="sm" variant="danger" pending={pending} aria-label={`Stop ${instance.name}`} onClick={() => stop.mutate({ id: instance.id })}>
      Stop Instance
    </Button>
  ) : (
    <Button size="sm" pending={pending} aria-label={`Start ${instance.name}`} onClick={() => start.mutate({ id: instance.id })}>
      Start Instance
    </Button>
  );
}
