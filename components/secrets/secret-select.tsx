"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { formatTimestamp } from "@/components/ui/format";
import { KIND_LABELS, type Secret, validity } from "./secret-text";
import { UploadSecretDialog } from "./upload-secret-dialog";

// Picking a secret of the project's key manager by what it holds: the one certificate picker of
// every form with a secret_ref field (a listener's SSL Certificates, a pool's re-encryption
// certificates), and the names the detail pages show for a ref.

/** A secret as a picker and a detail page name it: its name, subject and expiry. */
export function describeSecret(s: Secret): string {
  const facts = [s.subject_cn, s.not_after ? `expires ${formatTimestamp(s.not_after)}` : s.kind === "crl" ? KIND_LABELS.crl.toLowerCase() : "expires never"];
  if (validity(s) === "Expired") facts.push("expired");
  return `${s.name || s.id} (${facts.filter(Boolean).join(", ")})`;
}

/** The project's secrets holding one of `kinds`, as the key manager lists them. */
export function useSecretsOf(kinds: readonly Secret["kind"][]) {
  const trpc = useTRPC();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  return { isPending: secrets.isPending, secrets: (secrets.data ?? []).filter((s) => kinds.includes(s.kind)) };
}

/** A secret_ref's description when the project can read that secret, else the ref itself. */
export function useSecretLabel() {
  const trpc = useTRPC();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  return (ref: string) => {
    const secret = secrets.data?.find((s) => s.secret_ref === ref || ref.endsWith(`/${s.id}`));
    return secret ? describeSecret(secret) : ref;
  };
}

/**
 * A select of the project's secrets of `kinds`, with an Upload shortcut beside it. An uploaded
 * secret of a fitting kind is picked (or handed to `onUploaded`, for forms that place it
 * elsewhere); `empty` names the no-choice option, which is selectable unless `required`.
 */
export function SecretSelectField({
  label,
  kinds,
  value,
  onChange,
  error,
  hint,
  required = false,
  empty,
  uploadLabel,
  onUploaded,
}: {
  label: string;
  kinds: readonly Secret["kind"][];
  value: string;
  onChange: (ref: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** The empty option's text when something is chosen or may be left unchosen. */
  empty: string;
  uploadLabel: string;
  onUploaded?: (secret: Secret) => void;
}) {
  const { isPending, secrets } = useSecretsOf(kinds);
  const [uploading, setUploading] = useState(false);
  const placeholder = isPending ? "Loading…" : secrets.length || !required ? empty : "None uploaded yet";
  return (
    <div className="grid grid-cols-[1fr_auto] items-end gap-2">
      <SelectField
        label={label}
        required={required}
        value={value}
        error={error}
        hint={hint}
        onChange={(e) => onChange(e.target.value)}
        options={[{ value: "", label: placeholder, disabled: required }, ...secrets.map((s) => ({ value: s.secret_ref, label: describeSecret(s) }))]}
      />
      <Button onClick={() => setUploading(true)} aria-haspopup="dialog">
        {uploadLabel}
      </Button>
      {uploading && (
        <UploadSecretDialog
          onClose={() => setUploading(false)}
          onUploaded={(secret) => {
            if (!kinds.includes(secret.kind)) return;
            if (onUploaded) onUploaded(secret);
            else onChange(secret.secret_ref);
          }}
        />
      )}
    </div>
  );
}
