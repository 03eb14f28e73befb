"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Mono } from "@/components/ui/detail-list";
import { orDash, yesNo } from "@/components/ui/format";
import { RowActions } from "@/components/ui/row-actions";
import { EditQuotasDialog } from "./edit-quotas-dialog";
import { type Project } from "./identity-data";
import { identityRoutes } from "./identity-routes";
import { ProjectFormDialog } from "./project-form-dialog";
import { enabledActions, SetEnabledDialog } from "./set-enabled-dialog";

type Dialog = { kind: "create" } | { kind: "edit" | "quotas" | "enabled"; project: Project } | null;

const COLUMNS: Column<Project>[] = [
  { header: "Name", cell: (p) => <Link href={identityRoutes.project(p.id)}>{p.name}</Link> },
  { header: "Description", cell: (p) => orDash(p.description) },
  { header: "Project ID", cell: (p) => <Mono>{p.id}</Mono> },
  { header: "Enabled", cell: (p) => <span data-testid="enabled">{yesNo(p.enabled)}</span> },
];

/** Admin > Identity > Projects: every project, with Horizon's Create Project and row actions. */
export function ProjectsTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const projects = useQuery(trpc.identity.listProjects.queryOptions());
  const currentProject = useMe().data?.project.id;
  const [dialog, setDialog] = useState<Dialog>(null);
  const actions = (p: Project) => (
    <RowActions
      name={p.name}
      actions={[
        { label: "Edit Project", onSelect: () => setDialog({ kind: "edit", project: p }) },
        { label: "Manage Members", onSelect: () => router.push(identityRoutes.project(p.id)) },
        { label: "Modify Quotas", onSelect: () => setDialog({ kind: "quotas", project: p }) },
        ...enabledActions("Project", p.enabled, p.id === currentProject, () => setDialog({ kind: "enabled", project: p })),
      ]}
    />
  );
  return (
    <div>
      <div className="mb-2 flex justify-end">
        <Button variant="primary" onClick={() => setDialog({ kind: "create" })} aria-haspopup="dialog">
          + Create Project
        </Button>
      </div>
      <DataTable
        label="Projects"
        columns={[...COLUMNS, { header: "Actions", cell: actions, className: "w-1 text-right" }]}
        rows={projects.data}
        rowKey={(p) => p.id}
        isPending={projects.isPending}
        error={projects.error}
        emptyMessage="No projects"
      />
      {dialog?.kind === "create" && <ProjectFormDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <ProjectFormDialog project={dialog.project} onClose={() => setDialog(null)} />}
      {dialog?.kind === "quotas" && <EditQuotasDialog project={dialog.project} onClose={() => setDialog(null)} />}
      {dialog?.kind === "enabled" && (
        <SetEnabledDialog
          kind="Project"
          name={dialog.project.name}
          enable={!dialog.project.enabled}
          run={() => client.identity.updateProject.mutate({ id: dialog.project.id, enabled: !dialog.project.enabled })}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
