import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/components/auth/next-path";
import { requestContext } from "@/components/providers/prefetch";
import { PRODUCT_NAME } from "@/components/shell/top-bar";

export const metadata: Metadata = { title: "Login" };

/** The only page open without a session; a visitor already logged in goes on at once. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  if ((await requestContext()).identity) redirect(target);
  return (
    <div className="flex min-h-full items-start justify-center bg-nav px-4 pt-[12vh]">
      <main className="w-full max-w-sm">
        <p className="mb-3 text-center text-[15px] font-semibold tracking-wide text-neutral-900">{PRODUCT_NAME}</p>
        <div className="rounded-sm border border-nav-edge bg-white p-6 shadow-sm">
          <LoginForm next={target} />
        </div>
      </main>
    </div>
  );
}
