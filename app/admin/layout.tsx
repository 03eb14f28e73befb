import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { loginHref, REQUESTED_PATH_HEADER } from "@/components/auth/next-path";
import { Prefetch, requestContext } from "@/components/providers/prefetch";
import { AppShell } from "@/components/shell/app-shell";
import { mayOpen, navPanelOf } from "@/components/shell/nav-items";
import { createCaller } from "@/server/trpc/router";

// The Admin dashboard: behind login like the project's pages (app/project/layout.tsx), and each
// panel only for the users the policy table lets open it (nav-items.ts names each panel's rule).
// Anybody else is told the page does not exist, as Horizon does, rather than that it is there and
// closed to them; the API refuses them the admin calls whatever the page does.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const ctx = await requestContext();
  const requested = (await headers()).get(REQUESTED_PATH_HEADER);
  if (!ctx.identity) redirect(loginHref(requested));
  const me = await createCaller(ctx).auth.me();
  const panel = navPanelOf(new URL(requested ?? "/admin", "http://lbaas.invalid").pathname);
  if (!panel || !mayOpen(panel, me)) notFound();
  return (
    <Prefetch load={async (client, trpc) => client.setQueryData(trpc.auth.me.queryKey(), me)}>
      <AppShell>{children}</AppShell>
    </Prefetch>
  );
}
