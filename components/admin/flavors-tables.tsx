"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { type Column, DataTable } from "@/components/ui/data-table";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { orDash } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, messageOf } from "@/components/ui/trpc-errors";
import type { AppRouter } from "@/server/trpc/router";

// Admin > Network > Flavors: Octavia's flavor profiles (what a flavor means to the provider,
// as JSON) and the flavors projects pick in the create wizard. Every refusal is the API's own
// message (the provider's checks of flavor_data, a profile in use).

type Outputs = inferRouterOutputs<AppRouter>;
type Flavor = Outputs["flavor"]["list"]["items"][number];
type Profile = Outputs["flavorProfile"]["list"]["items"][number];

/** The first message of a refused write for `field`, or null. */
const fieldError = (err: unknown, field: string) => (err ? (fieldErrorsOf(err)[field]?.[0] ?? null) : null);
/** A refusal that names no field of the form: shown above it. */
const formAlert = (err: unknown, fields: string[]) => (err && !fields.some((f) => fieldError(err, f)) ? messageOf(err) : null);

function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.flavor.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.flavorProfile.list.queryKey() });
  };
}

function CreateProfileDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [data, setData] = useState('{"loadbalancer_topology": "SINGLE"}');
  const create = useMutation(
    trpc.flavorProfile.create.mutationOptions({
      onSuccess: (profile) => {
        toast.success(`Created flavor profile ${profile.name}`);
        invalidate();
        onClose();
      },
    }),
  );
  const fields = ["name", "flavor_data", "provider_name"];
  return (
    <FormModal
      title="Create Flavor Profile"
      submitLabel="Create Flavor Profile"
      pending={create.isPending}
      alerts={[formAlert(create.error, fields)]}
      onClose={onClose}
      onSubmit={() => create.mutate({ name: name.trim(), provider_name: "amphora", flavor_data: data })}
    >
      <div className="space-y-3">
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(create.error, "name") ?? undefined} />
        <TextField label="Provider" value="amphora" readOnly hint="The one provider of this cloud." />
        <TextField
          label="Flavor Data"
          required
          className="font-mono"
          value={data}
          onChange={(e) => setData(e.target.value)}
          error={fieldError(create.error, "flavor_data") ?? fieldError(create.error, "provider_name") ?? undefined}
          hint="JSON: loadbalancer_topology, compute_flavor, amp_image_tag, sriov_vip, allow_member_sriov."
        />
      </div>
    </FormModal>
  );
}

function CreateFlavorDialog({ profiles, onClose }: { profiles: Profile[]; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [profileId, setProfileId] = useState(profiles[0]?.id ?? "");
  const [enabled, setEnabled] = useState(true);
  const create = useMutation(
    trpc.flavor.create.mutationOptions({
      onSuccess: (flavor) => {
        toast.success(`Created flavor ${flavor.name}`);
        invalidate();
        onClose();
      },
    }),
  );
  const fields = ["name", "description", "flavor_profile_id"];
  return (
    <FormModal
      title="Create Flavor"
      submitLabel="Create Flavor"
      pending={create.isPending}
      alerts={[formAlert(create.error, fields)]}
      onClose={onClose}
      onSubmit={() => create.mutate({ name: name.trim(), description: description.trim() || null, flavor_profile_id: profileId, enabled })}
    >
      <div className="space-y-3">
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(create.error, "name") ?? undefined} />
        <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(create.error, "description") ?? undefined} />
        <SelectField
          label="Flavor Profile"
          required
          value={profileId}
          options={[{ value: "", label: "Select a flavor profile" }, ...profiles.map((p) => ({ value: p.id, label: `${p.name}: ${p.flavor_data}` }))]}
          error={fieldError(create.error, "flavor_profile_id") ?? undefined}
          onChange={(e) => setProfileId(e.target.value)}
        />
        <CheckboxField label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      </div>
    </FormModal>
  );
}

const FLAVOR_COLUMNS: Column<Flavor>[] = [
  { header: "Name", cell: (f) => f.name },
  { header: "Description", cell: (f) => orDash(f.description) },
  { header: "Enabled", cell: (f) => (f.enabled ? "Yes" : "No") },
  { header: "Flavor Profile", cell: (f) => <span className="font-mono text-xs">{f.flavor_profile_id}</span> },
];

const PROFILE_COLUMNS: Column<Profile>[] = [
  { header: "Name", cell: (p) => p.name },
  { header: "Provider", cell: (p) => p.provider_name },
  { header: "Flavor Data", cell: (p) => <span className="font-mono text-xs">{p.flavor_data}</span> },
];

type Dialog = { kind: "create-profile" } | { kind: "create-flavor" } | { kind: "delete-flavor"; flavor: Flavor } | { kind: "delete-profile"; profile: Profile };

/** The flavors and their profiles, each to create, enable or disable, and delete. */
export function FlavorsTables() {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidate();
  const flavors = useQuery(trpc.flavor.list.queryOptions());
  const profiles = useQuery(trpc.flavorProfile.list.queryOptions());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const deleteFlavor = useMutation(trpc.flavor.delete.mutationOptions());
  const deleteProfile = useMutation(trpc.flavorProfile.delete.mutationOptions());
  const update = useMutation(
    trpc.flavor.update.mutationOptions({
      onSuccess: (flavor) => {
        toast.success(`Flavor ${flavor.name} ${flavor.enabled ? "enabled" : "disabled"}`);
        invalidate();
      },
      onError: (err) => toast.error(messageOf(err)),
    }),
  );
  const flavorActions = (flavor: Flavor) => (
    <RowActions
      name={flavor.name}
      actions={[
        { label: flavor.enabled ? "Disable Flavor" : "Enable Flavor", onSelect: () => update.mutate({ id: flavor.id, enabled: !flavor.enabled }) },
        { label: "Delete Flavor", danger: true, onSelect: () => setDialog({ kind: "delete-flavor", flavor }) },
      ]}
    />
  );
  const profileActions = (profile: Profile) => (
    <RowActions name={profile.name} actions={[{ label: "Delete Flavor Profile", danger: true, onSelect: () => setDialog({ kind: "delete-profile", profile }) }]} />
  );
  return (
    <div className="space-y-6">
      <section>
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-base font-semibold">Flavors</h2>
          <Button variant="primary" onClick={() => setDialog({ kind: "create-flavor" })} disabled={!profiles.data?.items.length}>
            Create Flavor
          </Button>
        </div>
        <DataTable
          label="Flavors"
          columns={[...FLAVOR_COLUMNS, { header: "Actions", cell: flavorActions, className: "w-1 text-right" }]}
          rows={flavors.data?.items}
          rowKey={(f) => f.id}
          isPending={flavors.isPending}
          error={flavors.error}
          emptyMessage="No flavors"
        />
      </section>
      <section>
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-base font-semibold">Flavor Profiles</h2>
          <Button variant="primary" onClick={() => setDialog({ kind: "create-profile" })}>
            Create Flavor Profile
          </Button>
        </div>
        <DataTable
          label="Flavor Profiles"
          columns={[...PROFILE_COLUMNS, { header: "Actions", cell: profileActions, className: "w-1 text-right" }]}
          rows={profiles.data?.items}
          rowKey={(p) => p.id}
          isPending={profiles.isPending}
          error={profiles.error}
          emptyMessage="No flavor profiles"
        />
      </section>
      {dialog?.kind === "create-profile" && <CreateProfileDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "create-flavor" && <CreateFlavorDialog profiles={profiles.data?.items ?? []} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete-flavor" && (
        <DeleteResourceDialog
          kind="Flavor"
          name={dialog.flavor.name}
          successText={`Deleted flavor ${dialog.flavor.name}`}
          run={() => deleteFlavor.mutateAsync({ id: dialog.flavor.id })}
          onDeleted={invalidate}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete-profile" && (
        <DeleteResourceDialog
          kind="Flavor Profile"
          name={dialog.profile.name}
          successText={`Deleted flavor profile ${dialog.profile.name}`}
          run={() => deleteProfile.mutateAsync({ id: dialog.profile.id })}
          onDeleted={invalidate}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
