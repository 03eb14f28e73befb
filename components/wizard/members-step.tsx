"use client";

import { useId } from "react";
import { ExternalMemberForm } from "@/components/forms/external-member-form";
import { InstancePicker } from "@/components/forms/instance-picker";
import { MEMBER_LABELS } from "@/components/forms/member-form";
import { labelled } from "@/components/forms/messages";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import {
  addExternalMember,
  addInstanceMember,
  defaultMemberPort,
  effectiveParts,
  hasMemberAt,
  type MemberDraft,
  memberSubnetOf,
  removeMember,
  updateMember,
} from "./state";
import type { StepProps } from "./step-props";

/** Step 4: members from the instances on a subnet (the VIP's first), or by address; as many as wanted. */
export function MembersStep({ form, edit, errorOf }: StepProps) {
  const { pool } = effectiveParts(form);
  const memberError = (m: MemberDraft, field: string) => labelled(errorOf(`member.${m.key}.${field}`), MEMBER_LABELS);

  if (!pool) {
    return <p className="text-sm text-muted">Members belong to a pool: choose to create a listener and a pool first.</p>;
  }

  const memberLabel = (m: MemberDraft) => m.name || m.address;
  const allocatedColumns: Column<MemberDraft>[] = [
    { header: "Name", cell: (m) => (m.name ? <span className="font-medium">{m.name}</span> : <span className="text-muted">External</span>) },
    {
      header: "IP Address",
      cell: (m) => (
        <div>
          <span className="font-mono text-xs">{m.address}</span>
          <CellError text={memberError(m, "address")} />
        </div>
      ),
    },
    {
      header: "Port",
      className: "w-28",
      cell: (m) => (
        <CellInput
          label={`Port of ${memberLabel(m)}`}
          value={m.protocol_port}
          error={memberError(m, "protocol_port")}
          onChange={(protocol_port) => edit([`member.${m.key}.protocol_port`], (f) => updateMember(f, m.key, { protocol_port }))}
        />
      ),
    },
    {
      header: "Weight",
      className: "w-28",
      cell: (m) => (
        <CellInput
          label={`Weight of ${memberLabel(m)}`}
          value={m.weight}
          error={memberError(m, "weight")}
          onChange={(weight) => edit([`member.${m.key}.weight`], (f) => updateMember(f, m.key, { weight }))}
        />
      ),
    },
    {
      header: "Action",
      className: "w-20 text-right",
      cell: (m) => (
        <Button size="sm" aria-label={`Remove ${memberLabel(m)}`} onClick={() => edit(["members"], (f) => removeMember(f, m.key))}>
          Remove
        </Button>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      <section className="space-y-1">
        <h4 className="text-xs font-semibold text-neutral-700">Allocated Members</h4>
        <DataTable
          label="Allocated Members"
          columns={allocatedColumns}
          rows={form.members}
          rowKey={(m) => m.key}
          isPending={false}
          error={null}
          emptyMessage="No members yet: add instances below, or an external member by address."
        />
        {errorOf("members") && (
          <p role="alert" className="text-xs text-red-700">
            {labelled(errorOf("members"), MEMBER_LABELS)}
          </p>
        )}
        <p className="text-xs text-muted">Weight 0–256 (0 takes no new connections); the port defaults to the listener&apos;s.</p>
      </section>
      <InstancePicker
        subnetId={memberSubnetOf(form)}
        onSubnetChange={(memberSubnetId) => edit(["memberSubnetId"], (f) => ({ ...f, memberSubnetId }))}
        isMember={(i) => form.members.some((m) => m.instance_id === i.id)}
        onAdd={(i) => edit(["members"], (f) => addInstanceMember(f, i))}
      />
      <ExternalMemberForm
        defaultPort={defaultMemberPort(form)}
        isMember={(address, port) => hasMemberAt(form, address, port)}
        onAdd={(member) => edit(["members"], (f) => addExternalMember(f, member))}
      />
    </div>
  );
}

function CellError({ text, id }: { text: string | undefined; id?: string }) {
  if (!text) return null;
  return (
    <p id={id} role="alert" className="mt-0.5 text-xs text-red-700">
      {text}
    </p>
  );
}

function CellInput(props: { label: string; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const errorId = useId();
  return (
    <div>
      <input
        aria-label={props.label}
        aria-invalid={Boolean(props.error)}
        aria-describedby={props.error ? errorId : undefined}
        inputMode="numeric"
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="w-20 rounded-sm border border-line bg-white px-1.5 py-0.5 text-sm aria-[invalid=true]:border-red-600 focus:outline-2 focus:outline-sky-600"
      />
      <CellError id={errorId} text={props.error} />
    </div>
  );
}
