import Link from "next/link";
import { IDENTITY_TRAIL, identityRoutes } from "@/components/admin/identity/identity-routes";
import { PageHeader } from "@/components/shell/page-header";

// A project or user id that names nothing (mistyped, or from another install).
export default function IdentityNotFound() {
  return (
    <>
      <PageHeader title="Not Found" trail={[...IDENTITY_TRAIL, { label: "Not Found" }]} />
      <div role="alert" className="rounded-sm border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <p>There is no such project or user.</p>
        <p className="mt-1">
          <Link href={identityRoutes.projects}>Projects</Link> · <Link href={identityRoutes.users}>Users</Link>
        </p>
      </div>
    </>
  );
}
