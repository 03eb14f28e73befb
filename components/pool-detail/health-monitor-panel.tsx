"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type HealthMonitor, pageItems, type Pool } from "@/components/api-types";
import { useCanWrite } from "@/components/auth/can-write";
import { CreateButton } from "@/components/forms/create-button";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { adminStateLabel, formatTimestamp, orDash } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { messageOf } from "@/components/ui/trpc-errors";
import { isHttpMonitor } from "@/components/forms/monitor-form";
import { HealthMonitorDialog } from "./health-monitor-dialog";

function monitorItems(m: HealthMonitor) {
  return [
    { label: "Name", value: orDash(m.name) },
    { label: "ID", value: <Mono>{m.id}</Mono> },
    { label: "Type", value: m.type },
    { label: "Delay", value: `${m.delay} s` },
    { label: "Timeout", value: `${m.timeout} s` },
    { label: "Max Retries", value: m.max_retries },
    { label: "Max Retries Down", value: m.max_retries_down },
    ...(isHttpMonitor(m.type)
      ? [
          { label: "HTTP Method", value: orDash(m.http_method) },
          { label: "URL Path", value: <Mono>{orDash(m.url_path)}</Mono> },
          { label: "Expected Codes", value: orDash(m.expected_codes) },
        ]
      : []),
    { label: "Operating Status", value: <StatusBadge status={m.operating_status} /> },
    { label: "Provisioning Status", value: <StatusBadge status={m.provisioning_status} /> },
    { label: "Admin State Up", value: adminStateLabel(m.admin_state_up) },
    { label: "Created At", value: formatTimestamp(m.created_at) },
  ];
}

/** The pool's health monitor: its settings, or a way to create one. */
export function HealthMonitorPanel({ pool }: { pool: Pool }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const monitors = useQuery(trpc.healthMonitor.list.queryOptions({ pool_id: pool.id }, { select: pageItems }));
  const [dialog, setDialog] = useState<"create" | "edit" | "delete" | null>(null);
  const monitor = monitors.data?.[0];
  const canWrite = useCanWrite();
  return (
    <Panel
      title="Health Monitor"
      actions={
        monitors.data &&
        canWrite &&
        (monitor ? (
          <>
            <Button size="sm" onClick={() => setDialog("edit")}>
              Edit Health Monitor
            </Button>
            <Button size="sm" variant="danger" onClick={() => setDialog("delete")}>
              Delete Health Monitor
            </Button>
          </>
        ) : (
          <CreateButton resource="healthmonitor" noun="Health monitors" label="Create Health Monitor" size="sm" onClick={() => setDialog("create")} />
        ))
      }
    >
      {!monitors.data ? (
        monitors.error ? (
          <p role="alert" className="text-sm text-red-700">
            Unable to retrieve the health monitor: {messageOf(monitors.error)}
          </p>
        ) : (
          <p className="text-sm text-muted">Loading…</p>
        )
      ) : monitor ? (
        <DetailList label="Health monitor details" items={monitorItems(monitor)} />
      ) : (
        <p className="text-sm text-muted">No health monitor: member operating status is NO_MONITOR, and a failed member keeps receiving traffic.</p>
      )}
      {dialog === "create" && <HealthMonitorDialog pool={pool} onClose={() => setDialog(null)} />}
      {dialog === "edit" && monitor && <HealthMonitorDialog pool={pool} monitor={monitor} onClose={() => setDialog(null)} />}
      {dialog === "delete" && monitor && (
        <DeleteResourceDialog
          kind="Health Monitor"
          name={monitor.name || monitor.type}
          note="Members go to NO_MONITOR and keep receiving traffic whatever their health."
          run={() => client.healthMonitor.delete.mutate({ id: monitor.id })}
          onDeleted={() => void queryClient.invalidateQueries({ queryKey: trpc.healthMonitor.pathKey() })}
          onClose={() => setDialog(null)}
        />
      )}
    </Panel>
  );
}
