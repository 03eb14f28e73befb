import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { loginHref, REQUESTED_PATH_HEADER } from "@/components/auth/next-path";
import { DeploymentOptionsProvider } from "@/components/providers/deployment-options";
import { Prefetch, requestContext } from "@/components/providers/prefetch";
import { AppShell } from "@/components/shell/app-shell";
import { env } from "@/server/env";
import { createCaller } from "@/server/trpc/router";

// Every dashboard page is behind login. proxy.ts already sent visitors without a session cookie
// to the login page; here the cookie is checked against the sessions (expired, logged out, a
// user or project disabled since), so a stale cookie also ends at the login page instead of a
// page whose every call is refused. Who is logged in goes to the browser with the page, and so
// do the operator's settings that decide what the forms offer.
export default async function ProjectLayout({ children }: { children: ReactNode }) {
  const ctx = await requestContext();
  if (!ctx.identity) redirect(loginHref((await headers()).get(REQUESTED_PATH_HEADER)));
  const me = await createCaller(ctx).auth.me();
  return (
    <Prefetch load={async (client, trpc) => client.setQueryData(trpc.auth.me.queryKey(), me)}>
      <DeploymentOptionsProvider value={{ allowPingHealthMonitors: env().ALLOW_PING_HEALTH_MONITORS }}>
        <AppShell>{children}</AppShell>
      </DeploymentOptionsProvider>
    </Prefetch>
  );
}
