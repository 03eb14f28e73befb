"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

// Outcome messages ("Success: Deleted load balancer web"), Horizon's toasts, in the bottom-right
// corner so they never cover a page's actions (top right). They leave by themselves; errors stay
// a little longer.

type Tone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: Tone;
  text: string;
}

const ToastContext = createContext<((tone: Tone, text: string) => void) | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const regionRef = useRef<HTMLDivElement>(null);
  const push = useCallback((tone: Tone, text: string) => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts, { id, tone, text }]);
    setTimeout(() => setToasts((ts) => ts.filter((t) => t.id !== id)), tone === "error" ? 10_000 : 5_000);
  }, []);
  // The region is a manual popover, shown again on every new toast: that puts it in the top
  // layer above an open modal <dialog>, so a refusal ("… is immutable") is seen over the form.
  const newest = toasts.at(-1)?.id;
  useEffect(() => {
    const region = regionRef.current;
    if (!region || typeof region.showPopover !== "function") return;
    if (region.matches(":popover-open")) region.hidePopover();
    if (newest !== undefined) region.showPopover();
  }, [newest]);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div
        ref={regionRef}
        popover="manual"
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-auto right-4 bottom-4 z-50 m-0 flex w-96 flex-col gap-2 overflow-visible border-0 bg-transparent p-0 [&:not(:popover-open)]:flex"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            data-tone={t.tone}
            className={`pointer-events-auto rounded-sm border px-3 py-2 text-sm shadow ${
              t.tone === "success"
                ? "border-green-300 bg-green-50 text-green-900"
                : t.tone === "error"
                  ? "border-red-300 bg-red-50 text-red-900"
                  : "border-sky-300 bg-sky-50 text-sky-900"
            }`}
          >
            <strong className="mr-1">{t.tone === "success" ? "Success:" : t.tone === "error" ? "Error:" : "Info:"}</strong>
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  const push = useContext(ToastContext);
  if (!push) throw new Error("useToast needs a ToastProvider");
  return useMemo(
    () => ({
      success: (text: string) => push("success", text),
      error: (text: string) => push("error", text),
      info: (text: string) => push("info", text),
    }),
    [push],
  );
}
