import type { Metadata } from "next";
import Link from "next/link";
import { HOME_PATH } from "@/components/auth/next-path";
import { PRODUCT_NAME } from "@/components/shell/top-bar";

export const metadata: Metadata = { title: "Not Found" };

// Any address the site does not serve, and an Admin page for someone the policy does not let open
// it (app/admin/layout.tsx): both look the same, so the page tells nobody what is there.
export default function NotFound() {
  return (
    <div className="flex min-h-full items-start justify-center bg-nav px-4 pt-[12vh]">
      <main className="w-full max-w-sm">
        <p className="mb-3 text-center text-[15px] font-semibold tracking-wide text-neutral-900">{PRODUCT_NAME}</p>
        <div role="alert" className="rounded-sm border border-nav-edge bg-white p-6 shadow-sm">
          <h1 className="text-lg">Not Found</h1>
          <p className="mt-2 text-sm">The page you were looking for does not exist.</p>
          <p className="mt-2 text-sm">
            <Link href={HOME_PATH}>Back to Load Balancers</Link>
          </p>
        </div>
      </main>
    </div>
  );
}
