"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

// A modal on the native <dialog>: the browser gives focus trapping, Escape to close and the
// backdrop; this adds Horizon's header, body and footer layout. `m-auto` restores the browser's
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

export function Modal({ title, open, onClose, children, footer, size = "md" }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
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
          <div className="overflow-y-auto px-4 py-3">{children}</div>
          {footer && <footer className="flex justify-end gap-2 border-t border-line bg-neutral-50 px-4 py-2">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
