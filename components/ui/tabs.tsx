"use client";

import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";

// Horizon's detail-page tabs, with the ARIA tabs pattern: arrows, Home and End move between
// tabs; only the selected panel is rendered (so its queries run only when it is shown).

export interface Tab {
  id: string;
  label: string;
  content: ReactNode;
}

export function Tabs({ label, tabs, selected, onSelect }: { label: string; tabs: Tab[]; selected: string; onSelect: (id: string) => void }) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === current?.id);
    const to =
      e.key === "ArrowRight" ? (at + 1) % tabs.length : e.key === "ArrowLeft" ? (at - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    const tab = tabs[to];
    if (!tab) return;
    e.preventDefault();
    onSelect(tab.id);
    listRef.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(`${baseId}-tab-${tab.id}`)}`)?.focus();
  };

  return (
    <div>
      <div ref={listRef} role="tablist" aria-label={label} onKeyDown={onKey} className="flex gap-0.5 border-b border-line">
        {tabs.map((tab) => {
          const active = tab.id === current?.id;
          return (
            <button
              key={tab.id}
              id={`${baseId}-tab-${tab.id}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`${baseId}-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              className={
                active
                  ? "-mb-px rounded-t-sm border border-line border-b-white bg-white px-3 py-1.5 text-sm font-medium text-neutral-900"
                  : "-mb-px rounded-t-sm border border-transparent px-3 py-1.5 text-sm text-accent hover:bg-neutral-50"
              }
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {current && (
        <div id={`${baseId}-panel-${current.id}`} role="tabpanel" aria-labelledby={`${baseId}-tab-${current.id}`} className="pt-3">
          {current.content}
        </div>
      )}
    </div>
  );
}
