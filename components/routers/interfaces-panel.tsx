"use client";

import { useQuery } from "@tanstack/react-query";
import { useCanCall } from "@/components/auth/can-write";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Mono } from "@/components/ui/detail-list";
import { Panel } from "@/components/ui/panel";
import { RowActions } from "@/components/ui/row-actions";
import { subnetLabel } from "./router-choices";
import type { RouterDialog } from "./router-dialogs";
import type { Router } from "./types";

type Interface = Router["interfaces"][number];

/** A router's interfaces: one port per subnet it connects, holding the subnet's gateway address. */
export function InterfacesPanel({ router, onOpen }: { router: Router; onOpen: (dialog: RouterDialog) => void }) {
  const trpc = useTRPC();
  // Names the subnets; until they load, the ids show.
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  const canAdd = useCanCall("routers.addInterface");
  const canRemove = useCanCall("routers.removeInterface");
  const subnetOf = (i: Interface) => subnets.data?.find((s) => s.id === i.subnet_id);
  const labelOf = (i: Interface) => {
    const subnet = subnetOf(i);
    return subnet ? `${subnet.name} (${i.ip_address})` : i.ip_address;
  };

  const columns: Column<Interface>[] = [
    {
      header: "Subnet",
      cell: (i) => {
        const subnet = subnetOf(i);
        return subnet ? subnetLabel(subnet) : <Mono>{i.subnet_id}</Mono>;
      },
    },
    { header: "Fixed IP", cell: (i) => <Mono>{i.ip_address}</Mono> },
    { header: "Port ID", cell: (i) => <Mono>{i.port_id}</Mono> },
  ];
  if (canRemove) {
    columns.push({
      header: "Actions",
      className: "w-1 text-right",
      cell: (i) => (
        <RowActions
          name={labelOf(i)}
          actions={[{ label: "Remove Interface", danger: true, onSelect: () => onOpen({ kind: "removeInterface", router, subnetId: i.subnet_id, label: labelOf(i) }) }]}
        />
      ),
    });
  }

  return (
    <Panel
      title="Interfaces"
      actions={
        canAdd && (
          <Button size="sm" variant="primary" aria-haspopup="dialog" onClick={() => onOpen({ kind: "addInterface", router })}>
            + Add Interface
          </Button>
        )
      }
    >
      <DataTable
        label="Interfaces"
        columns={columns}
        rows={router.interfaces}
        rowKey={(i) => i.port_id}
        isPending={false}
        error={null}
        emptyMessage="No interfaces: add one to connect a subnet"
      />
    </Panel>
  );
}
