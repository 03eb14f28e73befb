import type { ReactNode } from "react";
import { PRODUCT_NAME } from "./top-bar";

/** A page outside the dashboard's shell (login, Not Found): the product's name over one card. */
export function StandalonePage({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-full items-start justify-center bg-nav px-4 pt-[12vh]">
      <main className="w-full max-w-sm">
        <p className="mb-3 text-center text-[15px] font-semibold tracking-wide text-neutral-900">{PRODUCT_NAME}</p>
        <div className="rounded-sm border border-nav-edge bg-white p-6 shadow-sm">{children}</div>
      </main>
    </div>
  );
}
