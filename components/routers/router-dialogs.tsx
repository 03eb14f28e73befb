"use client";

import { useTRPCClient } from "@/components/providers/trpc";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { AddInterfaceDialog } from "./add-interface-dialog";
import { routerName } from "./router-choices";
import { SetGatewayDialog } from "./set-gateway-dialog";
import type { Router } from "./types";
import { useRefreshRouters } from "./use-refresh-routers";

/** The dialogs a router's actions open, from its row in the list or from its page. */
export type RouterDialog =
  | { kind: "setGateway" | "clearGateway" | "addInterface" | "delete"; router: Router }
  | { kind: "removeInterface"; router: Router; subnetId: string; label: string };

/** Renders the open dialog, if any; `onDeleted` runs once the router is gone (the page leaves for the list). */
export function RouterDialogs({ dialog, onClose, onDeleted }: { dialog: RouterDialog | null; onClose: () => void; onDeleted?: () => void }) {
  const client = useTRPCClient();
  const refresh = useRefreshRouters();
  if (!dialog) return null;
  const { router } = dialog;
  const name = routerName(router);
  switch (dialog.kind) {
    case "setGateway":
      return <SetGatewayDialog router={router} onClose={onClose} />;
    case "addInterface":
      return <AddInterfaceDialog router={router} onClose={onClose} />;
    case "clearGateway":
      return (
        <DeleteResourceDialog
          kind="Gateway"
          verb="Clear"
          name={name}
          note="The router's gateway port is removed: its subnets lose their way out, and floating IPs through it stop working."
          successText={`Cleared the gateway of router ${name}`}
          run={() => client.routers.clearGateway.mutate({ id: router.id })}
          onDeleted={() => void refresh()}
          onClose={onClose}
        />
      );
    case "removeInterface":
      return (
        <DeleteResourceDialog
          kind="Interface"
          verb="Remove"
          name={dialog.label}
          note={`The subnet is disconnected from router ${name}.`}
          successText={`Removed interface ${dialog.label} from router ${name}`}
          run={() => client.routers.removeInterface.mutate({ id: router.id, subnet_id: dialog.subnetId })}
          onDeleted={() => void refresh()}
          onClose={onClose}
        />
      );
    case "delete":
      return (
        <DeleteResourceDialog
          kind="Router"
          name={name}
          note={router.interfaces.length > 0 ? "It still has interfaces: remove them first, or the deletion is refused." : undefined}
          successText={`Deleted router ${name}`}
          run={() => client.routers.delete.mutate({ id: router.id })}
          onDeleted={() => {
            void refresh();
            onDeleted?.();
          }}
          onClose={onClose}
        />
      );
  }
}
