import Link from "next/link";
import { Fragment } from "react";

export interface Crumb {
  label: string;
  /** Omitted for the current page and for groups that are not pages themselves. */
  href?: string;
}

export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-xs text-muted">
      <ol className="flex flex-wrap items-center gap-1">
        {trail.map((crumb, i) => {
          const last = i === trail.length - 1;
          return (
            <Fragment key={`${crumb.label}-${i}`}>
              <li aria-current={last ? "page" : undefined} className={last ? "text-neutral-700" : undefined}>
                {crumb.href && !last ? <Link href={crumb.href}>{crumb.label}</Link> : crumb.label}
              </li>
              {!last && (
                <li aria-hidden="true" className="text-neutral-400">
                  /
                </li>
              )}
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
