import type { ReactNode } from "react";
import { ProjectScope } from "./project-scope";
import { SideNav } from "./side-nav";
import { TopBar } from "./top-bar";

/** Below 1280 px the navigation and the margins narrow, so a wide table keeps all its columns in view. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-full flex-col">
      <TopBar />
      <div className="flex min-h-0 flex-1">
        <SideNav />
        <main className="min-w-0 flex-1 overflow-y-auto px-3 py-4 xl:px-6">
          <ProjectScope>{children}</ProjectScope>
        </main>
      </div>
    </div>
  );
}
