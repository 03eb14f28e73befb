import type { Metadata } from "next";
import Link from "next/link";
import { HOME_PATH } from "@/components/auth/next-path";
import { StandalonePage } from "@/components/shell/standalone-page";

export const metadata: Metadata = { title: "Not Found" };

// Any address the site does not serve, and an Admin page for someone the policy does not let open
// it (app/admin/layout.tsx): both look the same, so the page tells nobody what is there.
export default function NotFound() {
  return (
    <StandalonePage>
      <h1 className="text-lg">Not Found</h1>
      <p className="mt-2 text-sm">The page you were looking for does not exist.</p>
      <p className="mt-2 text-sm">
        <Link href={HOME_PATH}>Back to Load Balancers</Link>
      </p>
    </StandalonePage>
  );
}
