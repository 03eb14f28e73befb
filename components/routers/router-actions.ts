"use client";

import { useCanCall } from "@/components/auth/can-write";
import type { RowAction } from "@/components/ui/row-actions";
import type { RouterDialog } from "./router-dialogs";
import type { Router } from "./types";

/**
 * A router's actions as its row and its page offer them, each only to whom the policy allows
 * it: Set Gateway or Clear Gateway (whichever applies), Add Interface, Delete Router.
 */
export function useRouterActions(open: (dialog: RouterDialog) => void) {
  const canSetGateway = useCanCall("routers.setGateway");
  const canClearGateway = useCanCall("routers.clearGateway");
  const canAddInterface = useCanCall("routers.addInterface");
  const canDelete = useCanCall("routers.delete");
  return {
    /** Whether any of them is offered: the Actions column is shown only then. */
    any: canSetGateway || canClearGateway || canAddInterface || canDelete,
    of: (router: Router, { addInterface = true } = {}): RowAction[] => {
      const gateway = Boolean(router.external_gateway_info);
      return [
        { label: "Set Gateway", hidden: gateway || !canSetGateway, onSelect: () => open({ kind: "setGateway", router }) },
        { label: "Clear Gateway", danger: true, hidden: !gateway || !canClearGateway, onSelect: () => open({ kind: "clearGateway", router }) },
        { label: "Add Interface", hidden: !addInterface || !canAddInterface, onSelect: () => open({ kind: "addInterface", router }) },
        { label: "Delete Router", danger: true, hidden: !canDelete, onSelect: () => open({ kind: "delete", router }) },
      ];
    },
  };
}
