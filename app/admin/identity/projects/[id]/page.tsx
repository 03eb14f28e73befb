import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProjectDetail } from "@/components/admin/identity/project-detail";
import { Prefetch, requestContext } from "@/components/providers/prefetch";
import { createCaller } from "@/server/trpc/router";

export const metadata: Metadata = { title: "Project Details - Admin" };

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const projects = await createCaller(await requestContext()).identity.listProjects();
  if (!projects.some((p) => p.id === id)) notFound();
  return (
    <Prefetch
      load={(client, trpc) => {
        client.setQueryData(trpc.identity.listProjects.queryKey(), projects);
        return Promise.all([
          client.prefetchQuery(trpc.identity.listRoleAssignments.queryOptions({ project_id: id })),
          client.prefetchQuery(trpc.quota.usage.queryOptions({ project_id: id })),
          client.prefetchQuery(trpc.quota.getDefaults.queryOptions()),
        ]);
      }}
    >
      <ProjectDetail projectId={id} />
    </Prefetch>
  );
}
