"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Mono } from "@/components/ui/detail-list";
import { SelectField } from "@/components/ui/field";
import { formatTimestamp, orDash } from "@/components/ui/format";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/server/services/schemas/audit";
import type { AppRouter } from "@/server/trpc/router";
import { type AuditFilters, auditInput, auditPage, currentBefore, firstPage, NO_FILTERS, nextPage, previousPage } from "./audit-query";

type AuditEntry = inferRouterOutputs<AppRouter>["audit"]["list"][number];

const OUTCOME_CLASSES: Record<AuditOutcome, string> = {
  success: "border-green-300 bg-green-50 text-green-800",
  denied: "border-amber-300 bg-amber-50 text-amber-800",
  failed: "border-red-300 bg-red-50 text-red-800",
};

const OUTCOME_LABELS: Record<AuditOutcome, string> = { success: "Success", denied: "Denied", failed: "Failed" };

/** The outcome as a badge, and for a refusal the server's words under it. */
function Outcome({ entry }: { entry: AuditEntry }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <span data-testid="outcome" data-outcome={entry.outcome} className={`rounded-sm border px-1.5 text-xs ${OUTCOME_CLASSES[entry.outcome]}`}>
        {OUTCOME_LABELS[entry.outcome]}
      </span>
      {entry.detail && <span className="max-w-80 text-xs break-words text-muted">{entry.detail}</span>}
    </span>
  );
}

/**
 * Admin > Audit Log: every mutation through the API, allowed or refused, newest first, a page at a
 * time from the server; filtered by the project the actor worked in, the actor, and the outcome.
 */
export function AuditLogTable() {
  const trpc = useTRPC();
  const [position, setPosition] = useState(() => firstPage(NO_FILTERS));
  const { filters } = position;
  const entries = useQuery(trpc.audit.list.queryOptions(auditInput(filters, currentBefore(position)), { placeholderData: keepPreviousData }));
  const projects = useQuery(trpc.identity.listProjects.queryOptions());
  const users = useQuery(trpc.identity.listUsers.queryOptions());
  const projectName = (id: string | null) => (id ? (projects.data?.find((p) => p.id === id)?.name ?? id) : "-");
  const page = entries.data ? auditPage(entries.data) : undefined;
  const filterBy = (change: Partial<AuditFilters>) => setPosition(firstPage({ ...filters, ...change }));

  const columns: Column<AuditEntry>[] = [
    { header: "Time", cell: (e) => formatTimestamp(e.at), className: "whitespace-nowrap text-xs text-neutral-600" },
    { header: "Actor", cell: (e) => <span data-testid="actor">{e.user_name ?? "anonymous"}</span> },
    { header: "Project", cell: (e) => <span data-testid="project">{projectName(e.project_id)}</span> },
    { header: "Procedure", cell: (e) => <span data-testid="procedure" className="font-mono text-xs">{e.procedure}</span> },
    { header: "Resource ID", cell: (e) => <Mono>{orDash(e.resource_id)}</Mono> },
    { header: "Outcome", cell: (e) => <Outcome entry={e} /> },
    { header: "Request ID", cell: (e) => <Mono>{e.request_id}</Mono> },
  ];

  return (
    <div>
      <div role="search" aria-label="Filter the audit log" className="mb-2 grid max-w-3xl grid-cols-3 gap-3">
        <SelectField
          label="Project"
          value={filters.project_id}
          onChange={(e) => filterBy({ project_id: e.target.value })}
          options={[{ value: "", label: "All projects" }, ...(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          label="User"
          value={filters.user_id}
          onChange={(e) => filterBy({ user_id: e.target.value })}
          options={[{ value: "", label: "All users" }, ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))]}
        />
        <SelectField
          label="Outcome"
          value={filters.outcome}
          onChange={(e) => filterBy({ outcome: e.target.value as AuditFilters["outcome"] })}
          options={[{ value: "", label: "All outcomes" }, ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))]}
        />
      </div>
      <DataTable
        label="Audit Log"
        columns={columns}
        rows={page?.rows}
        rowKey={(e) => String(e.id)}
        isPending={entries.isPending}
        isStale={entries.isPlaceholderData}
        error={entries.error}
        emptyMessage={filters.project_id || filters.user_id || filters.outcome ? "No entries match the filters" : "Nothing has been changed yet"}
        pager={{
          onPrevious: position.cursors.length > 0 ? () => setPosition(previousPage(position)) : undefined,
          onNext: page?.nextBefore ? () => setPosition(nextPage(position, page.nextBefore as number)) : undefined,
        }}
      />
    </div>
  );
}
