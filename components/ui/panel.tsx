import type { ReactNode } from "react";

/** A titled section of a detail page, with optional actions on the right of its title. */
export function Panel({ title, actions, children, className = "" }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section aria-label={title} className={`rounded-sm border border-line ${className}`}>
      <header className="flex min-h-9 items-center justify-between gap-2 border-b border-line bg-neutral-50 px-3 py-1.5">
        <h2 className="text-sm font-semibold text-neutral-800">{title}</h2>
        {actions && <div className="flex items-center gap-1.5">{actions}</div>}
      </header>
      <div className="p-3">{children}</div>
    </section>
  );
}
