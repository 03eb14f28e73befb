export const PRODUCT_NAME = "LBaaS Dashboard";
/** Every request acts in the demo project until login exists (see server/runtime.ts). */
export const PROJECT_NAME = "demo";

export function TopBar() {
  return (
    <header className="flex h-11 shrink-0 items-center gap-6 border-b border-topbar-edge bg-topbar px-4 text-neutral-100">
      <span className="text-[15px] font-semibold tracking-wide">{PRODUCT_NAME}</span>
      <span className="flex items-center gap-1.5 rounded-sm border border-white/15 px-2 py-0.5 text-xs text-neutral-300">
        <span className="text-neutral-400">Project</span>
        <span data-testid="current-project" className="font-medium text-neutral-100">
          {PROJECT_NAME}
        </span>
      </span>
    </header>
  );
}
