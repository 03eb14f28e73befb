"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

// Outcome messages ("Success: Deleted load balancer web"), Horizon's top-right toasts. They
// leave by themselves; errors stay a little longer.

type Tone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: Tone;
  text: string;
}

const ToastContext = createContext<((tone: Tone, text: string) => void) | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((tone: Tone, text: string) => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts, { id, tone, text }]);
    setTimeout(() => setToasts((ts) => ts.filter((t) => t.id !== id)), tone === "error" ? 10_000 : 5_000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div role="status" aria-live="polite" className="fixed top-12 right-4 z-50 flex w-96 flex-col gap-2">
        {toasts.map((t) => (
          <div
            key={t.id}
            data-tone={t.tone}
            className={`rounded-sm border px-3 py-2 text-sm shadow ${
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
