"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { orDash, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { IDENTITY_TRAIL, identityRoutes } from "./identity-routes";
import { ProjectFormDialog } from "./project-form-dialog";
import { QuotaPanel } from "./quota-panel";
import { RoleAssignmentsPanel } from "./role-assignments-panel";
import { SetEnabledDialog } from "./set-enabled-dialog";

/** One project as the admin manages it: its details, its members (role assignments) and its quotas. */
export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const projects = useQuery(trpc.identity.listProjects.queryOptions());
  const project = projects.data?.find((p) => p.id === projectId);
  const isCurrent = useMe().data?.project.id === projectId;
  const [dialog, setDialog] = useState<"edit" | "enabled" | null>(null);
  const name = project?.name ?? projectId;
  return (
    <>
      <PageHeader
        title={name}
        trail={[...IDENTITY_TRAIL, { label: "Projects", href: identityRoutes.projects }, { label: name }]}
        actions={
          project && (
            <>
              <Button size="sm" onClick={() => setDialog("edit")} aria-haspopup="dialog">
                Edit Project
              </Button>
              {(!project.enabled || !isCurrent) && (
                <Button size="sm" variant={project.enabled ? "danger" : "default"} onClick={() => setDialog("enabled")} aria-haspopup="dialog">
                  {project.enabled ? "Disable Project" : "Enable Project"}
                </Button>
              )}
            </>
          )
        }
      />
      {!project ? (
        <p role={projects.error ? "alert" : undefined} className="text-sm text-muted">
          {projects.error ? `Unable to retrieve the project: ${projects.error.message}` : projects.isPending ? "Loading…" : `Project ${projectId} not found.`}
        </p>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <Panel title="Project Details" className="xl:col-span-2">
            <DetailList
              label="Project details"
              items={[
                { label: "Name", value: project.name },
                { label: "ID", value: <Mono>{project.id}</Mono> },
                { label: "Description", value: orDash(project.description) },
                { label: "Enabled", value: yesNo(project.enabled) },
                { label: "Domain", value: "Default" },
              ]}
            />
          </Panel>
          <RoleAssignmentsPanel scope={{ kind: "project", id: project.id, name: project.name }} />
          <QuotaPanel project={project} />
        </div>
      )}
      {project && dialog === "edit" && <ProjectFormDialog project={project} onClose={() => setDialog(null)} />}
      {project && dialog === "enabled" && (
        <SetEnabledDialog
          kind="Project"
          name={project.name}
          enable={!project.enabled}
          run={() => client.identity.updateProject.mutate({ id: project.id, enabled: !project.enabled })}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
