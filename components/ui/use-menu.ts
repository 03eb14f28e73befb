"use client";

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";

// The ARIA menu button behaviour that every dropdown here shares: opening focuses the checked
// item (or the first), arrows, Home and End move, Escape closes and gives focus back to the
// button, Tab or a click elsewhere close it, and choosing an item closes it first.

/** The items that can take focus: enabled, and shown at this width (a row's menu folds its button in only when narrow). */
const enabledItems = (menu: HTMLUListElement | null) =>
  [...(menu?.querySelectorAll<HTMLButtonElement>("button:not([disabled])") ?? [])].filter((b) => b.getClientRects().length > 0);

export function useMenu() {
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

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = enabledItems(menuRef.current);
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => items[(i + items.length) % items.length]?.focus();
    const moves: Record<string, () => void> = {
      ArrowDown: () => focus(at + 1),
      ArrowUp: () => focus(at - 1),
      Home: () => focus(0),
      End: () => focus(items.length - 1),
    };
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (moves[e.key]) {
      e.preventDefault();
      moves[e.key]?.();
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  /** Closes the menu, then runs what was chosen. */
  const choose = (onSelect: () => void) => {
    close(true);
    onSelect();
  };

  /** The props of the button that opens the menu. */
  const buttonProps = {
    ref: buttonRef,
    type: "button" as const,
    "aria-haspopup": "menu" as const,
    "aria-expanded": open,
    "aria-controls": open ? menuId : undefined,
    onClick: () => setOpen((o) => !o),
  };

  /** The props of the menu list. */
  const menuProps = { ref: menuRef, id: menuId, role: "menu" as const, onKeyDown: onMenuKey };

  return { open, setOpen, rootRef, buttonProps, menuProps, choose };
}
