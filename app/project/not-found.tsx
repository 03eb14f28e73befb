import Link from "next/link";
import { HOME_PATH } from "@/components/auth/next-path";
import { PageHeader } from "@/components/shell/page-header";

// A resource that is not in the current project (or no longer exists) looks the same as one that
// never did: the API answers NOT_FOUND for both, and so does this page.
export default function ProjectNotFound() {
  return (
    <>
      <PageHeader title="Not Found" trail={[{ label: "Project" }, { label: "Not Found" }]} />
      <div role="alert" className="rounded-sm border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <p>The page you were looking for does not exist, or is not in the current project.</p>
        <p className="mt-1">
          <Link href={HOME_PATH}>Back to Load Balancers</Link>
        </p>
      </div>
    </>
  );
}
