"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

// A modal on the native <dialog>: the browser gives focus trapping, Escape to close and the
// backdrop; this adds Horizon's header, body and footer layout, focus on the first field when
// it opens and back on the control that opened it when it closes. `m-auto` restores the browser's
// centring of a modal dialog, which Tailwind's preflight (margin: 0) removes.

interface ModalProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** Wider for the wizard (step list beside the form). */
  size?: "md" | "lg" | "xl";
}

const WIDTHS = { md: "max-w-lg", lg: "max-w-3xl", xl: "max-w-5xl" } as const;

/** The first field of the body, else the footer's first button (Cancel): never the × in the header. */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  return (
    dialog.querySelector<HTMLElement>("[data-modal-body] :is(input:not([type=hidden]), select, textarea):not(:disabled)") ??
    dialog.querySelector<HTMLElement>("footer button:not(:disabled)")
  );
}

export function Modal({ title, open, onClose, children, footer, size = "md" }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    // Whatever had focus when it opened (the button that opened it) gets it back when it closes,
    // whether it is closed or simply unmounted, as most dialogs here are.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus(dialog)?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={`m-auto w-full ${WIDTHS[size]} rounded-sm border border-line p-0 shadow-xl backdrop:bg-black/40`}
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col">
          <header className="flex items-center justify-between border-b border-line bg-neutral-50 px-4 py-2">
            <h2 id={titleId} className="text-base font-semibold">
              {title}
            </h2>
            <button type="button" aria-label="Close" onClick={onClose} className="px-1 text-lg leading-none text-muted hover:text-neutral-900">
              ×
            </button>
          </header>
          <div data-modal-body className="overflow-y-auto px-4 py-3">
            {children}
          </div>
          {footer && <footer className="flex justify-end gap-2 border-t border-line bg-neutral-50 px-4 py-2">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
