"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member, Pool } from "@/components/api-types";
import { ExternalMemberForm } from "@/components/forms/external-member-form";
import { InstancePicker } from "@/components/forms/instance-picker";
import { MEMBER_LABELS } from "@/components/forms/member-form";
import { labelled, labelMessage } from "@/components/forms/messages";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { errorFor, type FormErrors, schemaErrors, serverErrors } from "@/components/ui/form-errors";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { isLockConflict, useWriteErrorReporter } from "@/components/ui/write-errors";
import { memberBatchUpdateInput } from "@/server/services/schemas/member";
import {
  addExternal,
  addInstance,
  batchInput,
  type DraftMember,
  draftChanges,
  draftFromMembers,
  hasMember,
  removeMember,
  updateDraft,
} from "./members-draft";

const CELL = "border-b border-neutral-100 px-2 py-1 align-top";
const HEAD = "border-b border-line px-2 py-1 text-left text-xs font-semibold text-neutral-700";
const SMALL_INPUT =
  "w-20 rounded-sm border border-line px-1.5 py-0.5 text-sm aria-[invalid=true]:border-red-600 read-only:border-transparent read-only:bg-neutral-50 read-only:text-neutral-600";

const READ_ONLY_NOTE = "Port and weight of members already in the pool are read-only here: the port cannot change, and Edit Member changes the weight.";

function RowError({ message }: { message: string | undefined }) {
  return message ? (
    <p role="alert" className="mt-0.5 text-xs text-red-700">
      {message}
    </p>
  ) : null;
}

/**
 * "Add/Remove Members": the pool's members as they will be, the instances on a subnet (the load
 * balancer's VIP subnet first) and any external address; Save sends ONE member.batchUpdate.
 */
export function ManageMembersDialog({
  pool,
  members,
  defaultSubnetId,
  onClose,
}: {
  pool: Pool;
  members: Member[];
  defaultSubnetId: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const report = useWriteErrorReporter();
  const [draft, setDraft] = useState<DraftMember[]>(() => draftFromMembers(members));
  const [subnetId, setSubnetId] = useState(defaultSubnetId);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors>({});
  const save = useMutation(trpc.member.batchUpdate.mutationOptions());

  const input = batchInput(pool.id, draft);
  const clientErrors = schemaErrors(memberBatchUpdateInput, input);
  const errors = { ...(submitted ? clientErrors : {}), ...server };
  const rowError = (i: number) => labelled(errorFor(errors, `members.${i}`), MEMBER_LABELS);
  const changes = draftChanges(members, draft);
  const changed = changes.added.length > 0 || changes.removed.length > 0;

  const edit = (next: DraftMember[]) => {
    setDraft(next);
    // Indexes move with every change: the server's word applies to the list it saw.
    setServer({});
  };

  const submit = () => {
    setSubmitted(true);
    setServer({});
    if (Object.keys(clientErrors).length > 0) return;
    save.mutate(memberBatchUpdateInput.parse(input), {
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ pool_id: pool.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.pool.get.queryKey({ id: pool.id }) });
        toast.success(`Updated the members of pool ${pool.name || pool.id}: ${changes.added.length} added, ${changes.removed.length} removed`);
        onClose();
      },
      onError: (err) => {
        if (isLockConflict(err)) {
          report(err);
          return;
        }
        const fields = serverErrors(err);
        setServer(Object.keys(fields).length > 0 ? fields : { _: messageOf(err) });
      },
    });
  };

  // Errors about one member are shown on its row; the rest above the tables.
  const placed = (key: string) => /^members\.\d+/.test(key);
  const top = Object.entries(errors)
    .filter(([key]) => !placed(key))
    .map(([key, m]) => labelMessage(key === "_" ? m : `${key}: ${m}`, MEMBER_LABELS));

  return (
    <Modal
      title="Add/Remove Members"
      open
      size="xl"
      onClose={() => !save.isPending && onClose()}
      footer={
        <>
          <span className="mr-auto self-center text-xs text-muted" aria-live="polite">
            {changed ? `${changes.added.length} to add, ${changes.removed.length} to remove` : "No changes yet"}
          </span>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button variant="primary" pending={save.isPending} disabled={!changed} onClick={submit}>
            Save Members
          </Button>
        </>
      }
    >
      <FormAlert messages={top} />
      <fieldset disabled={save.isPending} className="grid min-w-0 gap-4 lg:grid-cols-2">
        <section className="min-w-0">
          <h3 className="mb-1 text-sm font-semibold">Members after saving</h3>
          <table aria-label="Allocated Members" className="w-full border border-line text-sm">
            <thead className="bg-neutral-50">
              <tr>
                <th className={HEAD}>Name</th>
                <th className={HEAD}>IP Address</th>
                <th className={HEAD}>Port</th>
                <th className={HEAD}>Weight</th>
                <th className={HEAD}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.length === 0 && (
                <tr>
                  <td colSpan={5} className="px-2 py-3 text-center text-muted">
                    No members: the pool will have nothing to send traffic to.
                  </td>
                </tr>
              )}
              {draft.map((m, i) => {
                const label = m.name || m.address;
                return (
                  <tr key={m.key} data-row-key={m.key}>
                    <td className={CELL}>
                      {m.name || "-"}{" "}
                      {!m.existing && <span className="rounded-sm bg-sky-100 px-1 text-[10px] text-sky-800">new</span>}
                      <RowError message={rowError(i)} />
                    </td>
                    <td className={`${CELL} font-mono text-xs`}>{m.address}</td>
                    {(["port", "weight"] as const).map((field) => (
                      <td key={field} className={CELL}>
                        {/* A member's port never changes, and its weight is Edit Member's: only new rows are typed in. */}
                        <input
                          aria-label={`${field === "port" ? "Port" : "Weight"} of ${label}`}
                          inputMode="numeric"
                          readOnly={m.existing}
                          title={m.existing ? READ_ONLY_NOTE : undefined}
                          className={SMALL_INPUT}
                          aria-invalid={Boolean(errorFor(errors, `members.${i}.${field === "port" ? "protocol_port" : "weight"}`))}
                          value={m[field]}
                          onChange={(e) => edit(updateDraft(draft, m.key, { [field]: e.target.value }))}
                        />
                      </td>
                    ))}
                    <td className={`${CELL} text-right`}>
                      <Button size="sm" aria-label={`Remove ${label}`} onClick={() => edit(removeMember(draft, m.key))}>
                        Remove
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="mt-1 text-xs text-muted">{READ_ONLY_NOTE}</p>
        </section>
        <section className="min-w-0 space-y-3">
          <InstancePicker
            subnetId={subnetId}
            onSubnetChange={setSubnetId}
            isMember={(vm) => hasMember(draft, vm.fixed_ip, vm.service_port)}
            onAdd={(vm) => edit(addInstance(draft, vm))}
          />
          <ExternalMemberForm defaultPort="" isMember={(address, port) => hasMember(draft, address, port)} onAdd={(m) => edit(addExternal(draft, m))} />
        </section>
      </fieldset>
    </Modal>
  );
}
