"use client";

import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";

// A button that opens a small menu below it, for the top bar (project switcher, user menu). The
// ARIA menu button pattern: Enter, Space or ArrowDown open it on the first item, arrows, Home and
// End move, Escape closes it and gives focus back to the button, Tab or a click elsewhere close it.

const enabledItems = (menu: HTMLUListElement | null) => [...(menu?.querySelectorAll<HTMLButtonElement>("button:not([disabled])") ?? [])];

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
  /** The button's accessible name when its content is not enough, e.g. "Project: demo". */
  label?: string;
  /** What the button shows. */
  children: ReactNode;
  items: MenuItem[];
  menuLabel: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const items = enabledItems(menuRef.current);
    (items.find((b) => b.getAttribute("aria-checked") === "true") ?? items[0])?.focus();
    const onPointer = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = enabledItems(menuRef.current);
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      focus(at + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      focus(at - 1);
    } else if (e.key === "Home") {
      e.preventDefault();
      focus(0);
    } else if (e.key === "End") {
      e.preventDefault();
      focus(items.length - 1);
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  const choose = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
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
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={menuLabel}
          onKeyDown={onMenuKey}
          className="absolute top-full right-0 z-30 mt-1 min-w-44 rounded-sm border border-line bg-white py-1 text-left text-neutral-800 shadow-lg"
        >
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role={item.checked === undefined ? "menuitem" : "menuitemradio"}
                aria-checked={item.checked}
                disabled={item.disabled}
                onClick={() => choose(item)}
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
