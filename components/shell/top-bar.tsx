import { ProjectSwitcher } from "./project-switcher";
import { UserMenu } from "./user-menu";

export const PRODUCT_NAME = "LBaaS Dashboard";

/** Horizon's top bar: the product, the project in scope (to switch), and the user's menu. */
export function TopBar() {
  return (
    <header className="flex h-11 shrink-0 items-center gap-6 border-b border-topbar-edge bg-topbar px-4 text-neutral-100">
      <span className="text-[15px] font-semibold tracking-wide">{PRODUCT_NAME}</span>
      <ProjectSwitcher />
      <div className="ml-auto">
        <UserMenu />
      </div>
    </header>
  );
}
