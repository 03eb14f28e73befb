"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, messageOf } from "@/components/ui/trpc-errors";
import { payloadOf, type Secret } from "./secret-text";

/**
 * "Upload Secret": a PEM bundle (certificate, key, intermediates; CA certificates; a CRL) pasted
 * or chosen as a file, or a PKCS12 file. The key manager checks it and answers its metadata.
 */
export function UploadSecretDialog({ onClose, onUploaded }: { onClose: () => void; onUploaded?: (secret: Secret) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation(trpc.secret.create.mutationOptions());
  const pemId = useId();
  const [name, setName] = useState("");
  const [pem, setPem] = useState("");
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [payloadError, setPayloadError] = useState<string | undefined>();

  const submit = () => {
    setError(null);
    setPayloadError(undefined);
    const payload = file ? payloadOf(file.bytes) : pem.trim() ? { payload: pem, payload_content_type: "text/plain" as const } : null;
    if (!payload) {
      setPayloadError("Paste a PEM bundle or choose a PEM or PKCS12 file");
      return;
    }
    create.mutate(
      { name: name || file?.name || "", ...payload },
      {
        onSuccess: (secret) => {
          void queryClient.invalidateQueries({ queryKey: trpc.secret.list.queryKey() });
          toast.success(`Uploaded secret ${secret.name || secret.id}`);
          onUploaded?.(secret);
          onClose();
        },
        onError: (err) => {
          const fields = fieldErrorsOf(err);
          const onPayload = fields.payload?.[0] ?? fields.payload_content_encoding?.[0];
          if (onPayload) setPayloadError(onPayload);
          else setError(messageOf(err));
        },
      },
    );
  };

  return (
    <Modal
      title="Upload Secret"
      open
      onClose={() => !create.isPending && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button variant="primary" pending={create.isPending} onClick={submit}>
            Upload
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
        <FormAlert messages={[error]} />
        <p className="text-sm text-muted">
          A certificate with its private key (and intermediates) for TERMINATED_HTTPS listeners, CA certificates to verify clients or
          members, or a revocation list. PEM text, or a PKCS12 file without a pass phrase.
        </p>
        <fieldset disabled={create.isPending} className="min-w-0 space-y-3">
          <TextField label="Name" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
          <TextField
            label="File"
            type="file"
            accept=".pem,.crt,.cer,.key,.p12,.pfx"
            hint="PEM or PKCS12 (.p12, .pfx)"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setPayloadError(undefined);
              if (!chosen) return setFile(null);
              void chosen.arrayBuffer().then((buffer) => setFile({ name: chosen.name, bytes: new Uint8Array(buffer) }));
            }}
          />
          <div className="space-y-1">
            <label htmlFor={pemId} className="block text-xs font-semibold text-neutral-700">
              Or paste PEM
            </label>
            <textarea
              id={pemId}
              value={pem}
              disabled={Boolean(file)}
              onChange={(e) => {
                setPem(e.target.value);
                setPayloadError(undefined);
              }}
              rows={8}
              spellCheck={false}
              aria-invalid={Boolean(payloadError)}
              aria-describedby={payloadError ? `${pemId}-error` : undefined}
              placeholder="-----BEGIN CERTIFICATE-----"
              className="w-full rounded-sm border border-line bg-white px-2 py-1 font-mono text-xs aria-[invalid=true]:border-red-600"
            />
            {payloadError && (
              <p id={`${pemId}-error`} role="alert" className="text-xs text-red-700">
                {payloadError}
              </p>
            )}
          </div>
        </fieldset>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
