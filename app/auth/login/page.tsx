import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/components/auth/next-path";
import { requestContext } from "@/components/providers/prefetch";
import { StandalonePage } from "@/components/shell/standalone-page";

export const metadata: Metadata = { title: "Login" };

/** The only page open without a session; a visitor already logged in goes on at once. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  if ((await requestContext()).identity) redirect(target);
  return (
    <StandalonePage>
      <LoginForm next={target} />
    </StandalonePage>
  );
}
