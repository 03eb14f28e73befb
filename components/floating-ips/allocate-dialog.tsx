"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, messageOf } from "@/components/ui/trpc-errors";
import { useRefreshFloatingIps } from "./use-refresh-floating-ips";

/** "Allocate IP To Project": a new address from an external network (Horizon's "pool"). */
export function AllocateFloatingIpDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshFloatingIps();
  const toast = useToast();
  const networks = useQuery(trpc.network.list.queryOptions());
  const allocate = useMutation(trpc.floatingIp.allocate.mutationOptions());
  const external = (networks.data ?? []).filter((n) => n["router:external"]);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const value = picked ?? (external.length === 1 ? (external[0]?.id ?? "") : "");

  const submit = () => {
    setError(null);
    setFieldError(undefined);
    if (!value) {
      setFieldError("Choose the pool to allocate from");
      return;
    }
    allocate.mutate(
      { floating_network_id: value },
      {
        onSuccess: (fip) => {
          void refresh();
          toast.success(`Allocated floating IP ${fip.floating_ip_address}`);
          onClose();
        },
        onError: (err) => {
          const onField = fieldErrorsOf(err).floating_network_id?.[0];
          if (onField) setFieldError(onField);
          else setError(messageOf(err));
        },
      },
    );
  };

  return (
    <Modal
      title="Allocate Floating IP"
      open
      onClose={() => !allocate.isPending && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={allocate.isPending}>
            Cancel
          </Button>
          <Button variant="primary" pending={allocate.isPending} disabled={networks.isPending} onClick={submit}>
            Allocate IP
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="space-y-3"
      >
        <FormAlert messages={[error, networks.error ? `Unable to load the external networks: ${messageOf(networks.error)}` : null]} />
        <p className="text-sm text-muted">Allocate a floating IP from an external network to the project.</p>
        <fieldset disabled={allocate.isPending} className="min-w-0">
          <SelectField
            label="Pool"
            required
            value={value}
            onChange={(e) => {
              setPicked(e.target.value);
              setFieldError(undefined);
            }}
            options={[
              { value: "", label: networks.isPending ? "Loading…" : external.length ? "Select a pool" : "No external network", disabled: true },
              ...external.map((n) => ({ value: n.id, label: n.name })),
            ]}
            error={fieldError}
          />
        </fieldset>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
