"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useCanCall } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { useTRPC } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { type Column, DataTable } from "@/components/ui/data-table";
import { adminStateLabel } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { CreateRouterDialog } from "./create-router-dialog";
import { useRouterActions } from "./router-actions";
import { externalNetworkName, routerName } from "./router-choices";
import { type RouterDialog, RouterDialogs } from "./router-dialogs";
import { routerRoutes } from "./routes";
import type { Router } from "./types";

/** Project > Network > Routers: the project's routers, Horizon's columns. */
export function RoutersTable() {
  const trpc = useTRPC();
  const routers = useQuery(trpc.routers.list.queryOptions());
  // The External Network column names the network; until networks load it shows the id.
  const networks = useQuery(trpc.network.list.queryOptions());
  const canCreate = useCanCall("routers.create");
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<RouterDialog | null>(null);
  const actions = useRouterActions(setDialog);

  const columns: Column<Router>[] = [
    { header: "Name", cell: (r) => <Link href={routerRoutes.router(r.id)}>{routerName(r)}</Link> },
    { header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { header: "External Network", cell: (r) => externalNetworkName(r, networks.data) },
    { header: "Admin State", cell: (r) => adminStateLabel(r.admin_state_up) },
  ];
  if (actions.any) {
    columns.push({ header: "Actions", className: "w-1 text-right", cell: (r) => <RowActions name={routerName(r)} actions={actions.of(r)} /> });
  }

  return (
    <div>
      {canCreate && (
        <div className="mb-2 flex justify-end">
          <CreateButton resource="router" noun="Routers" label="Create Router" onClick={() => setCreating(true)} />
        </div>
      )}
      <DataTable
        label="Routers"
        columns={columns}
        rows={routers.data}
        rowKey={(r) => r.id}
        isPending={routers.isPending}
        error={routers.error}
        emptyMessage="No routers yet"
      />
      {creating && <CreateRouterDialog onClose={() => setCreating(false)} />}
      <RouterDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </div>
  );
}
