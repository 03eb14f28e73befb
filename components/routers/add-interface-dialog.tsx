"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { messageOf } from "@/components/ui/trpc-errors";
import { interfaceSubnetOptions, routerName } from "./router-choices";
import { SelectOneDialog } from "./select-one-dialog";
import type { Router } from "./types";
import { useRefreshRouters } from "./use-refresh-routers";

/** Horizon's "Add Interface": a port on one of the project's subnets, holding the subnet's gateway address. */
export function AddInterfaceDialog({ router, onClose }: { router: Router; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshRouters();
  const subnets = useQuery(trpc.subnet.list.queryOptions());
  // The project's other routers, to say which one already holds a subnet's gateway.
  const routers = useQuery(trpc.routers.list.queryOptions());
  const addInterface = useMutation(trpc.routers.addInterface.mutationOptions());
  const loadError = subnets.error ?? routers.error;
  return (
    <SelectOneDialog
      title="Add Interface"
      intro={
        <>
          Connect a subnet to router <strong className="text-neutral-800">{routerName(router)}</strong>: the interface takes the subnet&apos;s
          gateway address.
        </>
      }
      label="Subnet"
      field="subnet_id"
      placeholder="Select subnet"
      none="No subnet to add"
      options={subnets.isPending || routers.isPending ? undefined : interfaceSubnetOptions(subnets.data ?? [], router, routers.data ?? [])}
      loadError={loadError ? `Unable to load the subnets: ${messageOf(loadError)}` : null}
      mutation={addInterface}
      input={(subnet_id) => ({ id: router.id, subnet_id })}
      success={`Added an interface to router ${routerName(router)}`}
      onDone={() => void refresh()}
      onClose={onClose}
    />
  );
}
