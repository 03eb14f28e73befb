"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useId, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { memberSpec } from "@/server/services/schemas/member";
import { parseNumber } from "./build-graph";
import { addExternalMember, addInstanceMember, defaultMemberPort, effectiveParts, type MemberDraft, removeMember, updateMember } from "./state";
import type { StepProps } from "./step-props";

/** Step 4: members from the instances on the VIP's subnet, or by address; as many as wanted. */
export function MembersStep({ form, edit, errorOf }: StepProps) {
  const trpc = useTRPC();
  const subnet = form.lb.vip_subnet;
  const instances = useQuery(trpc.instance.list.queryOptions(subnet ? { subnet_id: subnet.id } : skipToken));
  const { pool } = effectiveParts(form);

  if (!pool) {
    return <p className="text-sm text-muted">Members belong to a pool: choose to create a listener and a pool first.</p>;
  }

  type Instance = NonNullable<typeof instances.data>[number];
  const allocated = new Set(form.members.map((m) => m.instance_id));
  const available = instances.data?.filter((i) => !allocated.has(i.id));

  const availableColumns: Column<Instance>[] = [
    { header: "Name", cell: (i) => <span className="font-medium">{i.name}</span> },
    { header: "IP Address", cell: (i) => <span className="font-mono text-xs">{i.fixed_ip}</span> },
    { header: "Status", cell: (i) => <StatusBadge status={i.status} /> },
    {
      header: "Action",
      className: "w-20 text-right",
      cell: (i) => (
        <Button size="sm" aria-label={`Add ${i.name}`} onClick={() => edit(["members"], (f) => addInstanceMember(f, i))}>
          Add
        </Button>
      ),
    },
  ];

  const memberLabel = (m: MemberDraft) => m.name || m.address;
  const allocatedColumns: Column<MemberDraft>[] = [
    { header: "Name", cell: (m) => (m.name ? <span className="font-medium">{m.name}</span> : <span className="text-muted">External</span>) },
    {
      header: "IP Address",
      cell: (m) => (
        <div>
          <span className="font-mono text-xs">{m.address}</span>
          <CellError text={errorOf(`member.${m.key}.address`)} />
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
          error={errorOf(`member.${m.key}.protocol_port`)}
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
          error={errorOf(`member.${m.key}.weight`)}
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
            {errorOf("members")}
          </p>
        )}
        <p className="text-xs text-muted">Weight 0–256 (0 takes no new connections); the port defaults to the listener&apos;s.</p>
      </section>
      <section className="space-y-1">
        <h4 className="text-xs font-semibold text-neutral-700">Available Instances{subnet?.name ? ` on ${subnet.name} (${subnet.cidr})` : ""}</h4>
        {subnet ? (
          <DataTable
            label="Available Instances"
            columns={availableColumns}
            rows={available}
            rowKey={(i) => i.id}
            isPending={instances.isPending}
            error={instances.error}
            emptyMessage={instances.data?.length ? "Every instance on this subnet is a member already." : "No instances on this subnet."}
          />
        ) : (
          <p className="text-sm text-muted">Choose a subnet on the Load Balancer Details step to see the instances on it.</p>
        )}
      </section>
      <ExternalMemberForm defaultPort={defaultMemberPort(form)} onAdd={(address, port) => edit(["members"], (f) => addExternalMember(f, address, port))} />
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

/** "Add external member": an address and port not from the instance list, checked before it is added. */
function ExternalMemberForm({ defaultPort, onAdd }: { defaultPort: string; onAdd: (address: string, port: string) => void }) {
  const [address, setAddress] = useState("");
  const [port, setPort] = useState("");
  const [errors, setErrors] = useState<{ address?: string; port?: string }>({});
  const add = () => {
    const addressCheck = memberSpec.shape.address.safeParse(address.trim());
    const portCheck = port.trim() === "" ? null : memberSpec.shape.protocol_port.safeParse(parseNumber(port));
    const next = {
      address: addressCheck.success ? undefined : addressCheck.error.issues[0]?.message,
      port: portCheck && !portCheck.success ? portCheck.error.issues[0]?.message : undefined,
    };
    setErrors(next);
    if (next.address || next.port) return;
    onAdd(address, port);
    setAddress("");
    setPort("");
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  };
  return (
    <fieldset className="space-y-1 border border-line p-2">
      <legend className="px-1 text-xs font-semibold text-neutral-700">Add external member</legend>
      <div className="flex items-start gap-2">
        <div className="w-56">
          <TextField
            label="Member IP Address"
            value={address}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            error={errors.address}
            onKeyDown={onEnter}
            onChange={(e) => setAddress(e.target.value)}
          />
        </div>
        <div className="w-28">
          <TextField
            label="Member Port"
            value={port}
            inputMode="numeric"
            autoComplete="off"
            placeholder={defaultPort}
            error={errors.port}
            onKeyDown={onEnter}
            onChange={(e) => setPort(e.target.value)}
          />
        </div>
        <Button className="mt-5" onClick={add}>
          Add external member
        </Button>
      </div>
    </fieldset>
  );
}
