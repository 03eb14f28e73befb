"use client";

import { type KeyboardEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import type { FormErrors } from "@/components/ui/form-errors";
import { emptyExternalMember, type ExternalMember, externalMemberErrors, MEMBER_LABELS } from "./member-form";
import { labelled } from "./messages";

/** "Add external member": an address, port and weight not from the instance list, checked before it is added. */
export function ExternalMemberForm({
  defaultPort,
  isMember,
  onAdd,
}: {
  /** What an empty port means (shown as its placeholder); "" when a port must be typed. */
  defaultPort: string;
  isMember: (address: string, port: string) => boolean;
  onAdd: (member: ExternalMember) => void;
}) {
  const [member, setMember] = useState<ExternalMember>(emptyExternalMember);
  const [errors, setErrors] = useState<FormErrors>({});
  const errorOf = (key: string) => labelled(errors[key], MEMBER_LABELS);
  const add = () => {
    const found = externalMemberErrors(member, defaultPort, isMember);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    onAdd({ ...member, address: member.address.trim(), port: member.port.trim() });
    setMember(emptyExternalMember());
  };
  // Enter adds the member rather than submitting the dialog around it.
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  };
  const field = (key: keyof ExternalMember) => ({
    value: member[key],
    autoComplete: "off",
    onKeyDown: onEnter,
    onChange: (e: { target: { value: string } }) => setMember((m) => ({ ...m, [key]: e.target.value })),
  });
  return (
    <fieldset className="space-y-1 border border-line p-2">
      <legend className="px-1 text-xs font-semibold text-neutral-700">Add external member</legend>
      <div className="grid grid-cols-[minmax(9rem,1fr)_5rem_5rem] items-start gap-2">
        <TextField label="IP Address" inputMode="decimal" spellCheck={false} error={errorOf("address")} {...field("address")} />
        <TextField label="Port" inputMode="numeric" placeholder={defaultPort} error={errorOf("protocol_port")} {...field("port")} />
        <TextField label="Weight" inputMode="numeric" error={errorOf("weight")} {...field("weight")} />
        <Button className="col-span-3 justify-self-end" onClick={add}>
          Add External Member
        </Button>
      </div>
    </fieldset>
  );
}
