"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type LoadBalancer, type Member, pageItems, type Pool } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { routes } from "@/components/load-balancer-detail/routes";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { adminStateLabel, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { RowActions } from "@/components/ui/row-actions";
import { EditMemberDialog, memberLabel } from "./edit-member-dialog";
import { ManageMembersDialog } from "./manage-members-dialog";

type Dialog = { kind: "manage" } | { kind: "edit" | "delete"; member: Member } | null;

/** The pool's members with their live operating status, and the ways to change them. */
export function MembersPanel({ pool, loadBalancer }: { pool: Pool; loadBalancer: LoadBalancer | undefined }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ pool_id: pool.id }, { select: pageItems }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const lbId = pool.loadbalancer_id;
  return (
    <Panel
      title="Members"
      actions={
        canWrite && (
          <Button size="sm" variant="primary" disabled={!members.data || !loadBalancer} onClick={() => setDialog({ kind: "manage" })}>
            Add/Remove Members
          </Button>
        )
      }
    >
      <DataTable
        label="Members"
        rows={members.data}
        rowKey={(m) => m.id}
        isPending={members.isPending}
        error={members.error}
        emptyMessage="No members in this pool"
        columns={[
          {
            header: "Name",
            cell: (m) => (
              <Link href={routes.member(lbId, pool.id, m.id)} className="font-medium">
                {m.name || m.id.slice(0, 8)}
              </Link>
            ),
          },
          { header: "IP Address", cell: (m) => <span className="font-mono text-xs">{m.address}</span> },
          { header: "Port", cell: (m) => m.protocol_port, className: "tabular-nums" },
          { header: "Weight", cell: (m) => m.weight, className: "tabular-nums" },
          { header: "Backup", cell: (m) => yesNo(m.backup) },
          { header: "Operating Status", cell: (m) => <StatusBadge status={m.operating_status} /> },
          { header: "Provisioning Status", cell: (m) => <StatusBadge status={m.provisioning_status} /> },
          { header: "Admin State", cell: (m) => adminStateLabel(m.admin_state_up) },
          ...(canWrite
            ? [
                {
                  header: "Actions",
                  className: "w-1 text-right",
                  cell: (m: Member) => (
                    <RowActions
                      name={memberLabel(m)}
                      actions={[
                        { label: "Edit Member", onSelect: () => setDialog({ kind: "edit", member: m }) },
                        { label: "Delete Member", danger: true, onSelect: () => setDialog({ kind: "delete", member: m }) },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === "manage" && members.data && loadBalancer && (
        <ManageMembersDialog pool={pool} members={members.data} defaultSubnetId={loadBalancer.vip_subnet_id} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "edit" && <EditMemberDialog member={dialog.member} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <DeleteResourceDialog
          kind="Member"
          name={memberLabel(dialog.member)}
          run={() => client.member.delete.mutate({ id: dialog.member.id })}
          onDeleted={() => void queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ pool_id: pool.id }) })}
          onClose={() => setDialog(null)}
        />
      )}
    </Panel>
  );
}
