"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { formatTimestamp, orDash } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { RowActions } from "@/components/ui/row-actions";
import { KIND_LABELS, type Secret, validity } from "./secret-text";
import { UploadSecretDialog } from "./upload-secret-dialog";

type Dialog = { kind: "upload" } | { kind: "details" | "delete"; secret: Secret } | null;

const nameOf = (s: Secret) => s.name || s.id;

/** Project > Key Manager > Secrets: the project's secrets, metadata only. */
export function SecretsTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  const canWrite = useCanWrite();
  const [dialog, setDialog] = useState<Dialog>(null);

  const columns: Column<Secret>[] = [
    {
      header: "Name",
      cell: (s) => (
        <button type="button" className="text-left text-sky-700 hover:underline" onClick={() => setDialog({ kind: "details", secret: s })}>
          {nameOf(s)}
        </button>
      ),
    },
    { header: "Content", cell: (s) => KIND_LABELS[s.kind] },
    { header: "Subject CN", cell: (s) => orDash(s.subject_cn) },
    { header: "Expires", cell: (s) => (s.not_after ? `${formatTimestamp(s.not_after)} (${validity(s)})` : "-") },
    { header: "Created", cell: (s) => formatTimestamp(s.created_at) },
  ];
  if (canWrite) {
    columns.push({
      header: "Actions",
      className: "w-1 text-right",
      cell: (s) => (
        <RowActions
          name={nameOf(s)}
          actions={[
            { label: "View Details", onSelect: () => setDialog({ kind: "details", secret: s }) },
            { label: "Delete Secret", danger: true, onSelect: () => setDialog({ kind: "delete", secret: s }) },
          ]}
        />
      ),
    });
  }

  return (
    <div>
      {canWrite && (
        <div className="mb-2 flex justify-end">
          <Button variant="primary" onClick={() => setDialog({ kind: "upload" })} aria-haspopup="dialog">
            Upload Secret
          </Button>
        </div>
      )}
      <DataTable
        label="Secrets"
        columns={columns}
        rows={secrets.data}
        rowKey={(s) => s.id}
        isPending={secrets.isPending}
        error={secrets.error}
        emptyMessage="No secrets"
      />
      {dialog?.kind === "upload" && <UploadSecretDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "details" && <SecretDetails secret={dialog.secret} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <DeleteResourceDialog
          kind="Secret"
          name={nameOf(dialog.secret)}
          note="Listeners and pools that use it must be changed first."
          run={() => client.secret.delete.mutate({ id: dialog.secret.id })}
          onDeleted={() => void queryClient.invalidateQueries({ queryKey: trpc.secret.list.queryKey() })}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function SecretDetails({ secret, onClose }: { secret: Secret; onClose: () => void }) {
  const rows: [string, string][] = [
    ["ID", secret.id],
    ["Secret ref", secret.secret_ref],
    ["Content", KIND_LABELS[secret.kind]],
    ["Subject CN", orDash(secret.subject_cn)],
    ["Subject alternative names", secret.subject_alt_names.join(", ") || "-"],
    ["Issuer", orDash(secret.issuer)],
    ["Not before", secret.not_before ? formatTimestamp(secret.not_before) : "-"],
    ["Not after", secret.not_after ? `${formatTimestamp(secret.not_after)} (${validity(secret)})` : "-"],
    ["Uploaded as", secret.payload_content_type === "text/plain" ? "PEM" : "PKCS12 or PEM, base64"],
    ["Created", formatTimestamp(secret.created_at)],
  ];
  return (
    <Modal title={`Secret ${nameOf(secret)}`} open onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold text-neutral-700">{label}</dt>
            <dd className="break-all font-mono text-xs leading-5">{value}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
