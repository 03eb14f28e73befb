"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { type FieldLabels, labelled } from "@/components/forms/messages";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import type { StepProps } from "./step-props";

const LB_LABELS: FieldLabels = {
  name: "Name",
  description: "Description",
  vip_address: "IP Address",
  vip_subnet_id: "Subnet",
  vip_network_id: "Subnet",
  availability_zone: "Availability Zone",
  flavor_id: "Flavor",
};

/** Step 1: name, description, the subnet the VIP comes from, an optional fixed VIP address, the availability zone and the flavor (Horizon's fields). */
export function DetailsStep({ form, edit, errorOf: rawErrorOf }: StepProps) {
  const errorOf = (key: string) => labelled(rawErrorOf(key), LB_LABELS);
  const trpc = useTRPC();
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  const zones = useQuery(trpc.availabilityZone.list.queryOptions({ enabled: true }));
  const flavors = useQuery(trpc.flavor.list.queryOptions({ enabled: true }));
  const lb = form.lb;
  const subnetOptions = [
    { value: "", label: subnets.isPending ? "Loading subnets…" : "Select a subnet" },
    ...(subnets.data ?? []).map((s) => ({ value: s.id, label: `${s.network_name}: ${s.name} (${s.cidr})` })),
  ];
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-3">
      <TextField
        label="Name"
        value={lb.name}
        error={errorOf("lb.name")}
        onChange={(e) => {
          const name = e.target.value;
          edit(["lb.name"], (f) => ({ ...f, lb: { ...f.lb, name } }));
        }}
      />
      <TextField
        label="Description"
        value={lb.description}
        error={errorOf("lb.description")}
        onChange={(e) => {
          const description = e.target.value;
          edit(["lb.description"], (f) => ({ ...f, lb: { ...f.lb, description } }));
        }}
      />
      <SelectField
        label="Subnet"
        required
        value={lb.vip_subnet?.id ?? ""}
        options={subnetOptions}
        error={errorOf("lb.vip_subnet_id") ?? (subnets.error ? `Unable to retrieve subnets: ${subnets.error.message}` : undefined)}
        hint="The network and subnet the VIP address is taken from."
        onChange={(e) => {
          const s = subnets.data?.find((x) => x.id === e.target.value);
          const vip_subnet = s ? { id: s.id, name: s.name, cidr: s.cidr, network_name: s.network_name } : null;
          edit(["lb.vip_subnet_id"], (f) => ({ ...f, lb: { ...f.lb, vip_subnet } }));
        }}
      />
      <TextField
        label="IP Address"
        value={lb.vip_address}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        placeholder={lb.vip_subnet ? `an address in ${lb.vip_subnet.cidr}` : undefined}
        error={errorOf("lb.vip_address")}
        hint="Optional: left empty, a free address of the subnet is allocated."
        onChange={(e) => {
          const vip_address = e.target.value;
          edit(["lb.vip_address"], (f) => ({ ...f, lb: { ...f.lb, vip_address } }));
        }}
      />
      <SelectField
        label="Availability Zone"
        value={lb.availability_zone}
        options={[
          { value: "", label: zones.isPending ? "Loading availability zones…" : "Any Availability Zone" },
          ...(zones.data?.items ?? []).map((z) => ({ value: z.name, label: z.description ? `${z.name}: ${z.description}` : z.name })),
        ]}
        error={errorOf("lb.availability_zone") ?? (zones.error ? `Unable to retrieve availability zones: ${zones.error.message}` : undefined)}
        hint="Where the amphora runs: a host of this zone."
        onChange={(e) => {
          const availability_zone = e.target.value;
          edit(["lb.availability_zone"], (f) => ({ ...f, lb: { ...f.lb, availability_zone } }));
        }}
      />
      <SelectField
        label="Flavor"
        value={lb.flavor_id}
        options={[
          { value: "", label: flavors.isPending ? "Loading flavors…" : "Default Flavor" },
          ...(flavors.data?.items ?? []).map((f) => ({ value: f.id, label: f.description ? `${f.name}: ${f.description}` : f.name })),
        ]}
        error={errorOf("lb.flavor_id") ?? (flavors.error ? `Unable to retrieve flavors: ${flavors.error.message}` : undefined)}
        hint="What the operator offers: the amphora topology among it."
        onChange={(e) => {
          const flavor_id = e.target.value;
          edit(["lb.flavor_id"], (f) => ({ ...f, lb: { ...f.lb, flavor_id } }));
        }}
      />
      <div className="col-span-2">
        <CheckboxField
          label="Admin State Up"
          checked={lb.admin_state_up}
          onChange={(e) => {
            const admin_state_up = e.target.checked;
            edit(["lb.admin_state_up"], (f) => ({ ...f, lb: { ...f.lb, admin_state_up } }));
          }}
        />
      </div>
    </div>
  );
}
