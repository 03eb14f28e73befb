"use client";

import type { FormBinding } from "@/components/forms/binding";
import { LISTENER_LABELS, type ListenerFormValues } from "@/components/forms/listener-form";
import { labelled } from "@/components/forms/messages";
import { CheckboxField } from "@/components/ui/field";
import { describeSecret, SecretSelectField, useSecretsOf } from "./secret-select";

const CERTIFICATES = ["certificate"] as const;

/**
 * Horizon's "SSL Certificates" of a TERMINATED_HTTPS listener: the default certificate and the
 * SNI certificates, picked from the project's secrets (certificates with their keys), with an
 * upload shortcut that picks what it uploaded.
 */
export function SslCertificatesFields({ form }: { form: FormBinding<ListenerFormValues> }) {
  const { secrets: certificates } = useSecretsOf(CERTIFICATES);
  const { values: v, set } = form;
  const errorOf = (key: "default_tls_container_ref" | "sni_container_refs") => labelled(form.errorOf(key), LISTENER_LABELS);

  return (
    <fieldset className="col-span-2 space-y-2 border-l-2 border-line pl-3">
      <legend className="text-sm font-semibold">SSL Certificates</legend>
      <SecretSelectField
        label="Default Certificate"
        kinds={CERTIFICATES}
        required
        value={v.default_tls_container_ref}
        error={errorOf("default_tls_container_ref")}
        hint="Served to clients that ask for no name, or for a name no SNI certificate has"
        onChange={(ref) => set("default_tls_container_ref", ref)}
        empty="Select a certificate"
        uploadLabel="Upload Certificate"
        // The first upload becomes the default certificate, the next ones SNI certificates.
        onUploaded={(secret) => {
          if (!v.default_tls_container_ref) set("default_tls_container_ref", secret.secret_ref);
          else set("sni_container_refs", [...v.sni_container_refs, secret.secret_ref]);
        }}
      />
      {certificates.length > 1 && (
        <fieldset className="space-y-1">
          <legend className="text-xs font-semibold text-neutral-700">SNI Certificates</legend>
          {certificates
            .filter((s) => s.secret_ref !== v.default_tls_container_ref)
            .map((s) => (
              <CheckboxField
                key={s.id}
                label={describeSecret(s)}
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
    </fieldset>
  );
}
