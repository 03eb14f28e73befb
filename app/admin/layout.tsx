import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { HOME_PATH, loginHref, REQUESTED_PATH_HEADER } from "@/components/auth/next-path";
import { Prefetch, requestContext } from "@/components/providers/prefetch";
import { AppShell } from "@/components/shell/app-shell";
import { createCaller } from "@/server/trpc/router";

// The Admin dashboard: behind login like the project's pages (app/project/layout.tsx), and for
// admins only. Anybody else is sent to the project's load balancers; the API refuses them the
// admin calls whatever the page does.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const ctx = await requestContext();
  if (!ctx.identity) redirect(loginHref((await headers()).get(REQUESTED_PATH_HEADER)));
  const me = await createCaller(ctx).auth.me();
  if (!me.isAdmin) redirect(HOME_PATH);
  return (
    <Prefetch load={async (client, trpc) => client.setQueryData(trpc.auth.me.queryKey(), me)}>
      <AppShell>{children}</AppShell>
    </Prefetch>
  );
}
