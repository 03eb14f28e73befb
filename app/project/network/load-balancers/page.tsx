import type { Metadata } from "next";
import { LoadBalancersTable } from "@/components/load-balancers/load-balancers-table";
import { PageHeader } from "@/components/shell/page-header";
import { CreateLoadBalancerButton } from "@/components/wizard/create-load-balancer-button";

export const metadata: Metadata = { title: "Load Balancers" };

export default function LoadBalancersPage() {
  return (
    <>
      <PageHeader title="Load Balancers" trail={[{ label: "Project" }, { label: "Network" }, { label: "Load Balancers" }]} />
      <div className="mb-2 flex justify-end">
        <CreateLoadBalancerButton />
      </div>
      <LoadBalancersTable />
    </>
  );
}
