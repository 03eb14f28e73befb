import type { Metadata } from "next";
import { IDENTITY_TRAIL } from "@/components/admin/identity/identity-routes";
import { ProjectsTable } from "@/components/admin/identity/projects-table";
import { Prefetch } from "@/components/providers/prefetch";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Projects - Admin" };
// Rendered per request: it reads the database to paint with data.
export const dynamic = "force-dynamic";

export default function ProjectsPage() {
  return (
    <>
      <PageHeader title="Projects" trail={[...IDENTITY_TRAIL, { label: "Projects" }]} />
      <Prefetch load={(client, trpc) => client.prefetchQuery(trpc.identity.listProjects.queryOptions())}>
        <ProjectsTable />
      </Prefetch>
    </>
  );
}
