import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";

/**
 * Breadcrumbs, then the panel's title: the top of every content page. Detail pages add the
 * resource's statuses beside the title (`meta`) and their actions on the right (`actions`).
 */
export function PageHeader({ title, trail, meta, actions }: { title: string; trail: Crumb[]; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 border-b border-line pb-3">
      <Breadcrumbs trail={trail} />
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h1 className="break-all">{title}</h1>
          {meta}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-1.5">{actions}</div>}
      </div>
    </div>
  );
}
