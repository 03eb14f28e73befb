"use client";

import { Button } from "./button";
import { useMenu } from "./use-menu";

// Horizon's row actions: one action as a button, the others in a small menu beside it.
// The menu behaves as every menu here does (use-menu.ts).

export interface RowAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Why it is disabled, said by the row's button when it is the one shown. */
  disabledReason?: string | null;
  /** Left out of the row (e.g. "Disassociate" when nothing is associated). */
  hidden?: boolean;
}

/**
 * `compact`: below 1280 px the button goes into the menu as well (its first item), so a table with
 * many columns keeps its Actions column in view.
 */
export function RowActions({ name, actions, compact = false }: { name: string; actions: RowAction[]; compact?: boolean }) {
  const visible = actions.filter((a) => !a.hidden);
  // The button is the first action the row allows now (a load balancer in ERROR shows Delete,
  // the way out), the menu holds the rest in their usual order.
  const first = visible.find((a) => !a.disabled) ?? visible[0];
  const rest = visible.filter((a) => a !== first);
  const { open, rootRef, buttonProps, menuProps, choose } = useMenu();

  if (!first) return null;
  const folds = compact && rest.length > 0;
  const items = folds ? [first, ...rest] : rest;

  return (
    <div ref={rootRef} className="relative inline-flex whitespace-nowrap">
      <span className={folds ? "hidden xl:contents" : "contents"}>
        <Button
          size="sm"
          variant={first.danger ? "danger" : "default"}
          // Held back rather than disabled: it keeps focus when its own dialog made it unavailable.
          unavailable={first.disabled ? (first.disabledReason ?? "Not available now") : null}
          onClick={first.onSelect}
          className={rest.length > 0 ? "rounded-r-none" : ""}
        >
          {first.label}
        </Button>
      </span>
      {rest.length > 0 && (
        <>
          <button
            {...buttonProps}
            aria-label={`More actions for ${name}`}
            className={`border border-line bg-white px-1.5 py-0.5 text-xs text-neutral-700 hover:bg-neutral-50 ${
              folds ? "rounded-sm xl:-ml-px xl:rounded-l-none" : "-ml-px rounded-r-sm"
            }`}
          >
            ▾
          </button>
          {open && (
            <ul
              {...menuProps}
              aria-label={`Actions for ${name}`}
              className="absolute top-full right-0 z-20 mt-0.5 min-w-44 rounded-sm border border-line bg-white py-1 text-left shadow-lg"
            >
              {items.map((action) => (
                <li key={action.label} role="none" className={folds && action === first ? "xl:hidden" : undefined}>
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
