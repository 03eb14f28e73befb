"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import type { Instance } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";

/**
 * The instances a pool can take members from: a tenant subnet (the load balancer's VIP subnet
 * first) and the instances on it that are not members yet, each with an Add button. One picker
 * for the wizard's members step and Add/Remove Members.
 */
export function InstancePicker({
  subnetId,
  onSubnetChange,
  isMember,
  onAdd,
}: {
  /** null until a subnet is chosen. */
  subnetId: string | null;
  onSubnetChange: (subnetId: string) => void;
  isMember: (instance: Instance) => boolean;
  onAdd: (instance: Instance) => void;
}) {
  const trpc = useTRPC();
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  const instances = useQuery(trpc.instance.list.queryOptions(subnetId ? { subnet_id: subnetId } : skipToken));
  const tenantSubnets = (subnets.data ?? []).filter((s) => !s["router:external"]);
  const available = instances.data?.filter((i) => !isMember(i));
  const subnet = tenantSubnets.find((s) => s.id === subnetId);

  return (
    <section className="space-y-1">
      <h4 className="text-xs font-semibold text-neutral-700">Available Instances{subnet ? ` on ${subnet.name} (${subnet.cidr})` : ""}</h4>
      <div className="w-80">
        <SelectField
          label="Subnet"
          value={subnetId ?? ""}
          hint="Instances on another subnet than the VIP's are reached through the router."
          error={subnets.error ? `Unable to retrieve subnets: ${subnets.error.message}` : undefined}
          onChange={(e) => onSubnetChange(e.target.value)}
          options={[
            // Until the subnets are read (or if the chosen one is not a tenant subnet) the choice still shows.
            ...(subnet ? [] : [{ value: subnetId ?? "", label: subnets.isPending ? "Loading subnets…" : subnetId ? "The VIP's subnet" : "Select a subnet" }]),
            ...tenantSubnets.map((s) => ({ value: s.id, label: `${s.network_name}: ${s.name} (${s.cidr})` })),
          ]}
        />
      </div>
      {subnetId && (
      <DataTable
        label="Available Instances"
        rows={available}
        rowKey={(i) => i.id}
        isPending={instances.isPending}
        error={instances.error}
        emptyMessage={instances.data?.length ? "Every instance on this subnet is a member already." : "No instances on this subnet."}
        columns={[
          { header: "Name", cell: (i) => <span className="font-medium">{i.name}</span> },
          { header: "IP Address", cell: (i) => <span className="font-mono text-xs">{i.fixed_ip}</span> },
          { header: "Status", cell: (i) => <StatusBadge status={i.status} /> },
          {
            header: "Action",
            className: "w-20 text-right",
            cell: (i) => (
              <Button size="sm" aria-label={`Add ${i.name}`} onClick={() => onAdd(i)}>
                Add
              </Button>
            ),
          },
        ]}
      />
      )}
    </section>
  );
}
