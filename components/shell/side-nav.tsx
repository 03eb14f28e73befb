"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/components/auth/use-me";
import { isActivePanel, visibleDashboards } from "./nav-items";

export function SideNav() {
  const pathname = usePathname();
  const me = useMe().data;
  return (
    <nav aria-label="Main" className="w-36 shrink-0 overflow-y-auto border-r border-nav-edge bg-nav py-3 xl:w-52">
      {visibleDashboards(me).map((dashboard) => (
        <div key={dashboard.label} data-testid={`nav-${dashboard.label.toLowerCase()}`}>
          <div className="px-4 pb-1 text-sm font-semibold text-neutral-900">{dashboard.label}</div>
          {dashboard.groups.map((group) => (
            <div key={group.label} className="mb-2">
              <div className="px-5 py-1 text-[11px] font-semibold uppercase tracking-wider text-neutral-600">{group.label}</div>
              <ul>
                {group.panels.map((panel) => {
                  const active = isActivePanel(pathname, panel.href);
                  return (
                    <li key={panel.href}>
                      <Link
                        href={panel.href}
                        aria-current={active ? "page" : undefined}
                        className={
                          active
                            ? "block border-l-[3px] border-accent bg-nav-active py-1 pl-[25px] pr-3 font-medium text-neutral-900 hover:no-underline"
                            : "block border-l-[3px] border-transparent py-1 pl-[25px] pr-3 text-neutral-700 hover:bg-white/70 hover:text-neutral-900 hover:no-underline"
                        }
                      >
                        {panel.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </nav>
  );
}
