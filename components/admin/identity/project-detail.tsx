"use client";

import { useQuery } from "@tanstack/react-query";
import { useMe } from "@/components/auth/use-me";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { DetailList, Mono } from "@/components/ui/detail-list";
import { orDash, yesNo } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { IdentityDetail } from "./identity-detail";
import { identityRoutes } from "./identity-routes";
import { ProjectFormDialog } from "./project-form-dialog";
import { QuotaPanel } from "./quota-panel";
import { RoleAssignmentsPanel } from "./role-assignments-panel";

/** One project as the admin manages it: its details, its members (role assignments) and its quotas. */
export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const projects = useQuery(trpc.identity.listProjects.queryOptions());
  const isOwn = useMe().data?.project.id === projectId;
  return (
    <IdentityDetail
      kind="Project"
      id={projectId}
      list={projects}
      listHref={identityRoutes.projects}
      isOwn={isOwn}
      action={{ label: "Edit Project", dialog: (project, onClose) => <ProjectFormDialog project={project} onClose={onClose} /> }}
      setEnabled={(project, enabled) => client.identity.updateProject.mutate({ id: project.id, enabled })}
    >
      {(project) => (
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
    </IdentityDetail>
  );
}
