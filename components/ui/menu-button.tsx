"use client";

import type { KeyboardEvent, ReactNode } from "react";
import { useMenu } from "./use-menu";

// A button that opens a small menu below it, for the top bar (project switcher, user menu), with
// the shared menu behaviour (use-menu.ts); ArrowDown or ArrowUp on the button opens it too.

export interface MenuItem {
  key: string;
  label: string;
  onSelect: () => void;
  /** For a choice among items (the current project): a menuitemradio, checked or not. */
  checked?: boolean;
  disabled?: boolean;
}

export function MenuButton({
  label,
  children,
  items,
  menuLabel,
  className = "",
}: {
  /** The button's accessible name when its content is not enough; it must contain what the button shows. */
  label?: string;
  /** What the button shows. */
  children: ReactNode;
  items: MenuItem[];
  menuLabel: string;
  className?: string;
}) {
  const { open, setOpen, rootRef, buttonProps, menuProps, choose } = useMenu();

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
    }
  };

  return (
    <div ref={rootRef} className="relative">
      <button
        {...buttonProps}
        aria-label={label}
        onKeyDown={onButtonKey}
        className={`flex items-center gap-1.5 rounded-sm border border-white/15 px-2 py-0.5 text-xs text-neutral-200 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-sky-400 ${className}`}
      >
        {children}
        <span aria-hidden="true" className="text-neutral-400">
          ▾
        </span>
      </button>
      {open && (
        <ul
          {...menuProps}
          aria-label={menuLabel}
          className="absolute top-full right-0 z-30 mt-1 min-w-44 rounded-sm border border-line bg-white py-1 text-left text-neutral-800 shadow-lg"
        >
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role={item.checked === undefined ? "menuitem" : "menuitemradio"}
                aria-checked={item.checked}
                disabled={item.disabled}
                onClick={() => choose(item.onSelect)}
                className="flex w-full items-center gap-2 px-3 py-1 text-left text-sm hover:bg-neutral-100 focus:bg-neutral-100 focus:outline-none disabled:cursor-not-allowed disabled:opacity-50"
              >
                {item.checked !== undefined && (
                  <span aria-hidden="true" className="w-3 text-accent">
                    {item.checked ? "✓" : ""}
                  </span>
                )}
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
