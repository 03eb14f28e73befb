import type { Metadata } from "next";
import { InstancesTable } from "@/components/instances/instances-table";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Instances" };

export default function InstancesPage() {
  return (
    <>
      <PageHeader title="Instances" trail={[{ label: "Project" }, { label: "Compute" }, { label: "Instances" }]} />
      <InstancesTable />
    </>
  );
}
