"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member, Pool } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { errorFor, type FormErrors, schemaErrors, serverErrors } from "@/components/ui/form-errors";
import { optionalInt } from "@/components/ui/form-values";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { isLockConflict, useWriteErrorReporter } from "@/components/ui/write-errors";
import { memberBatchUpdateInput, memberSpec } from "@/server/services/schemas/member";
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
const SMALL_INPUT = "w-20 rounded-sm border border-line px-1.5 py-0.5 text-sm aria-[invalid=true]:border-red-600";

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
  const [external, setExternal] = useState({ address: "", port: "", weight: "1" });
  const [externalErrors, setExternalErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors>({});
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  const instances = useQuery(trpc.instance.list.queryOptions({ subnet_id: subnetId }));
  const save = useMutation(trpc.member.batchUpdate.mutationOptions());

  const input = batchInput(pool.id, draft);
  const clientErrors = schemaErrors(memberBatchUpdateInput, input);
  const errors = { ...(submitted ? clientErrors : {}), ...server };
  const rowError = (i: number) => errorFor(errors, `members.${i}`);
  const changes = draftChanges(members, draft);
  const changed = changes.added.length > 0 || changes.removed.length > 0;

  const edit = (next: DraftMember[]) => {
    setDraft(next);
    // Indexes move with every change: the server's word applies to the list it saw.
    setServer({});
  };

  const addExternalMember = () => {
    const address = external.address.trim();
    const found = schemaErrors(memberSpec, { address, protocol_port: optionalInt(external.port), weight: optionalInt(external.weight) });
    if (Object.keys(found).length === 0 && hasMember(draft, address, external.port)) {
      found.address = `Another member on this pool is already using ip ${address} on protocol_port ${external.port.trim()}`;
    }
    setExternalErrors(found);
    if (Object.keys(found).length > 0) return;
    edit(addExternal(draft, external));
    setExternal({ address: "", port: "", weight: "1" });
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
    .map(([key, m]) => (key === "_" ? m : `${key}: ${m}`));

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
                    <td className={CELL}>
                      {m.existing ? (
                        m.port
                      ) : (
                        <input
                          aria-label={`Port of ${label}`}
                          inputMode="numeric"
                          className={SMALL_INPUT}
                          aria-invalid={Boolean(errorFor(errors, `members.${i}.protocol_port`))}
                          value={m.port}
                          onChange={(e) => edit(updateDraft(draft, m.key, { port: e.target.value }))}
                        />
                      )}
                    </td>
                    <td className={CELL}>
                      {m.existing ? (
                        m.weight
                      ) : (
                        <input
                          aria-label={`Weight of ${label}`}
                          inputMode="numeric"
                          className={SMALL_INPUT}
                          aria-invalid={Boolean(errorFor(errors, `members.${i}.weight`))}
                          value={m.weight}
                          onChange={(e) => edit(updateDraft(draft, m.key, { weight: e.target.value }))}
                        />
                      )}
                    </td>
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
        </section>
        <section className="min-w-0 space-y-3">
          <div>
            <h3 className="mb-1 text-sm font-semibold">Available instances</h3>
            <SelectField
              label="Subnet"
              value={subnetId}
              onChange={(e) => setSubnetId(e.target.value)}
              options={(subnets.data ?? [{ id: defaultSubnetId, name: "Loading…", cidr: "", "router:external": false }])
                .filter((s) => !s["router:external"])
                .map((s) => ({ value: s.id, label: s.cidr ? `${s.name} (${s.cidr})` : s.name }))}
            />
            <table aria-label="Available Instances" className="mt-2 w-full border border-line text-sm">
              <thead className="bg-neutral-50">
                <tr>
                  <th className={HEAD}>Name</th>
                  <th className={HEAD}>IP Address</th>
                  <th className={HEAD}>Status</th>
                  <th className={HEAD}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {!instances.data ? (
                  <tr>
                    <td colSpan={4} className="px-2 py-3 text-center text-muted">
                      {instances.error ? `Unable to retrieve instances: ${messageOf(instances.error)}` : "Loading…"}
                    </td>
                  </tr>
                ) : instances.data.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="px-2 py-3 text-center text-muted">
                      No instances on this subnet
                    </td>
                  </tr>
                ) : (
                  instances.data.map((vm) => {
                    const added = hasMember(draft, vm.fixed_ip, vm.service_port);
                    return (
                      <tr key={vm.id}>
                        <td className={CELL}>{vm.name}</td>
                        <td className={`${CELL} font-mono text-xs`}>
                          {vm.fixed_ip}:{vm.service_port}
                        </td>
                        <td className={CELL}>
                          <StatusBadge status={vm.status} />
                        </td>
                        <td className={`${CELL} text-right`}>
                          <Button size="sm" aria-label={`Add ${vm.name}`} disabled={added} onClick={() => edit(addInstance(draft, vm))}>
                            {added ? "Member" : "Add"}
                          </Button>
                        </td>
                      </tr>
                    );
                  })
                )}
              </tbody>
            </table>
          </div>
          <div>
            <h3 className="mb-1 text-sm font-semibold">External member</h3>
            <div className="grid grid-cols-[1fr_5rem_5rem_auto] items-start gap-2">
              <TextField
                label="IP Address"
                value={external.address}
                onChange={(e) => setExternal({ ...external, address: e.target.value })}
                error={externalErrors.address}
              />
              <TextField
                label="Port"
                inputMode="numeric"
                value={external.port}
                onChange={(e) => setExternal({ ...external, port: e.target.value })}
                error={externalErrors.protocol_port}
              />
              <TextField
                label="Weight"
                inputMode="numeric"
                value={external.weight}
                onChange={(e) => setExternal({ ...external, weight: e.target.value })}
                error={externalErrors.weight}
              />
              <Button className="mt-5" onClick={addExternalMember}>
                Add External Member
              </Button>
            </div>
          </div>
        </section>
      </fieldset>
    </Modal>
  );
}
