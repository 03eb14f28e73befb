import type { ReactNode } from "react";

// Horizon's detail overview: label / value pairs in two dense columns.

export interface DetailItem {
  label: string;
  value: ReactNode;
}

export function DetailList({ items, label }: { items: DetailItem[]; label?: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-[minmax(9rem,max-content)_1fr] gap-x-4 gap-y-1 text-sm">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="font-semibold text-neutral-700">{item.label}</dt>
          <dd className="min-w-0 break-words">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** IDs and addresses in a monospace face, so they line up and are easy to copy. */
export function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-xs">{children}</span>;
}
