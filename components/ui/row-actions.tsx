"use client";

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";

// Horizon's row actions: the first action as a button, the others in a small menu beside it.
// The menu is keyboard-usable: arrows move, Escape closes and returns focus to its button.

export interface RowAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Left out of the row (e.g. "Disassociate" when nothing is associated). */
  hidden?: boolean;
}

export function RowActions({ name, actions }: { name: string; actions: RowAction[] }) {
  const visible = actions.filter((a) => !a.hidden);
  const [first, ...rest] = visible;
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
    const onPointer = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [open]);

  if (!first) return null;

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>("button:not([disabled])") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      triggerRef.current?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  const choose = (action: RowAction) => {
    setOpen(false);
    action.onSelect();
  };

  return (
    <div ref={rootRef} className="relative inline-flex whitespace-nowrap">
      <Button
        size="sm"
        variant={first.danger ? "danger" : "default"}
        disabled={first.disabled}
        onClick={first.onSelect}
        className={rest.length > 0 ? "rounded-r-none" : ""}
      >
        {first.label}
      </Button>
      {rest.length > 0 && (
        <>
          <button
            ref={triggerRef}
            type="button"
            aria-label={`More actions for ${name}`}
            aria-haspopup="menu"
            aria-expanded={open}
            aria-controls={open ? menuId : undefined}
            onClick={() => setOpen((o) => !o)}
            className="-ml-px rounded-r-sm border border-line bg-white px-1.5 text-xs text-neutral-700 hover:bg-neutral-50"
          >
            ▾
          </button>
          {open && (
            <ul
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-label={`Actions for ${name}`}
              onKeyDown={onMenuKey}
              className="absolute top-full right-0 z-20 mt-0.5 min-w-44 rounded-sm border border-line bg-white py-1 text-left shadow-lg"
            >
              {rest.map((action) => (
                <li key={action.label} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    disabled={action.disabled}
                    onClick={() => choose(action)}
                    className={`block w-full px-3 py-1 text-left text-sm hover:bg-neutral-100 focus:bg-neutral-100 focus:outline-none disabled:cursor-not-allowed disabled:opacity-50 ${
                      action.danger ? "text-red-700" : "text-neutral-800"
                    }`}
                  >
                    {action.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
