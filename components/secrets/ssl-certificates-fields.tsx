"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { FormBinding } from "@/components/forms/binding";
import { LISTENER_LABELS, type ListenerFormValues } from "@/components/forms/listener-form";
import { labelled } from "@/components/forms/messages";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField } from "@/components/ui/field";
import { formatTimestamp } from "@/components/ui/format";
import { type Secret, validity } from "./secret-text";
import { UploadSecretDialog } from "./upload-secret-dialog";

const describe = (s: Secret) => `${s.name || s.id}${s.subject_cn ? ` (${s.subject_cn}` : " ("}, expires ${s.not_after ? formatTimestamp(s.not_after) : "never"}${validity(s) === "Expired" ? ", expired" : ""})`;

/**
 * Horizon's "SSL Certificates" of a TERMINATED_HTTPS listener: the default certificate and the
 * SNI certificates, picked from the project's secrets (certificates with their keys), with an
 * upload shortcut that picks what it uploaded.
 */
export function SslCertificatesFields({ form }: { form: FormBinding<ListenerFormValues> }) {
  const trpc = useTRPC();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  const [uploading, setUploading] = useState(false);
  const { values: v, set } = form;
  const certificates = (secrets.data ?? []).filter((s) => s.kind === "certificate");
  const errorOf = (key: "default_tls_container_ref" | "sni_container_refs") => labelled(form.errorOf(key), LISTENER_LABELS);

  return (
    <fieldset className="col-span-2 space-y-2 border-l-2 border-line pl-3">
      <legend className="text-sm font-semibold">SSL Certificates</legend>
      <div className="grid grid-cols-[1fr_auto] items-end gap-2">
        <SelectField
          label="Default Certificate"
          required
          value={v.default_tls_container_ref}
          error={errorOf("default_tls_container_ref")}
          hint="Served to clients that ask for no name, or for a name no SNI certificate has"
          onChange={(e) => set("default_tls_container_ref", e.target.value)}
          options={[
            { value: "", label: secrets.isPending ? "Loading…" : certificates.length ? "Select a certificate" : "No certificate uploaded yet", disabled: true },
            ...certificates.map((s) => ({ value: s.secret_ref, label: describe(s) })),
          ]}
        />
        <Button onClick={() => setUploading(true)} aria-haspopup="dialog">
          Upload Certificate
        </Button>
      </div>
      {certificates.length > 1 && (
        <fieldset className="space-y-1">
          <legend className="text-xs font-semibold text-neutral-700">SNI Certificates</legend>
          {certificates
            .filter((s) => s.secret_ref !== v.default_tls_container_ref)
            .map((s) => (
              <CheckboxField
                key={s.id}
                label={describe(s)}
                checked={v.sni_container_refs.includes(s.secret_ref)}
                onChange={(e) =>
                  set("sni_container_refs", e.target.checked ? [...v.sni_container_refs, s.secret_ref] : v.sni_container_refs.filter((r) => r !== s.secret_ref))
                }
              />
            ))}
          {errorOf("sni_container_refs") && (
            <p role="alert" className="text-xs text-red-700">
              {errorOf("sni_container_refs")}
            </p>
          )}
        </fieldset>
      )}
      {uploading && (
        <UploadSecretDialog
          onClose={() => setUploading(false)}
          onUploaded={(secret) => {
            if (secret.kind !== "certificate") return;
            if (!v.default_tls_container_ref) set("default_tls_container_ref", secret.secret_ref);
            else set("sni_container_refs", [...v.sni_container_refs, secret.secret_ref]);
          }}
        />
      )}
    </fieldset>
  );
}
