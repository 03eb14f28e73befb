"use client";

import { Button } from "./button";
import { useMenu } from "./use-menu";

// Horizon's row actions: the first action as a button, the others in a small menu beside it.
// The menu behaves as every menu here does (use-menu.ts).

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
  const { open, rootRef, buttonProps, menuProps, choose } = useMenu();

  if (!first) return null;

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
            {...buttonProps}
            aria-label={`More actions for ${name}`}
            className="-ml-px rounded-r-sm border border-line bg-white px-1.5 text-xs text-neutral-700 hover:bg-neutral-50"
          >
            ▾
          </button>
          {open && (
            <ul
              {...menuProps}
              aria-label={`Actions for ${name}`}
              className="absolute top-full right-0 z-20 mt-0.5 min-w-44 rounded-sm border border-line bg-white py-1 text-left shadow-lg"
            >
              {rest.map((action) => (
                <li key={action.label} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    disabled={action.disabled}
                    onClick={() => choose(action.onSelect)}
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
