import type { Metadata } from "next";
import { FloatingIpsTable } from "@/components/floating-ips/floating-ips-table";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Floating IPs" };

export default function FloatingIpsPage() {
  return (
    <>
      <PageHeader title="Floating IPs" trail={[{ label: "Project" }, { label: "Network" }, { label: "Floating IPs" }]} />
      <FloatingIpsTable />
    </>
  );
}
