"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { messageOf } from "@/components/ui/trpc-errors";
import { externalNetworkOptions, routerName } from "./router-choices";
import { SelectOneDialog } from "./select-one-dialog";
import type { Router } from "./types";
import { useRefreshRouters } from "./use-refresh-routers";

/** Horizon's "Set Gateway": the external network the router's gateway port goes on. */
export function SetGatewayDialog({ router, onClose }: { router: Router; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshRouters();
  const networks = useQuery(trpc.network.list.queryOptions());
  const setGateway = useMutation(trpc.routers.setGateway.mutationOptions());
  return (
    <SelectOneDialog
      title="Set Gateway"
      intro={
        <>
          Connect router <strong className="text-neutral-800">{routerName(router)}</strong> to an external network: its gateway port takes an
          address there.
        </>
      }
      label="External Network"
      field="network_id"
      placeholder="Select network"
      none="No external network"
      options={networks.isPending ? undefined : externalNetworkOptions(networks.data ?? [])}
      loadError={networks.error ? `Unable to load the external networks: ${messageOf(networks.error)}` : null}
      initial={router.external_gateway_info?.network_id ?? ""}
      mutation={setGateway}
      input={(network_id) => ({ id: router.id, network_id })}
      success={`Set the gateway of router ${routerName(router)}`}
      onDone={() => void refresh()}
      onClose={onClose}
    />
  );
}
