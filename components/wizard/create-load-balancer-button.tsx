"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CreateButton } from "@/components/forms/create-button";
import { useTRPC } from "@/components/providers/trpc";
import { CreateLoadBalancerWizard } from "./create-load-balancer-wizard";

/** The panel's "+ Create Load Balancer" action (disabled at the quota) and the wizard it opens. */
export function CreateLoadBalancerButton() {
  const [open, setOpen] = useState(false);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <>
      <CreateButton resource="loadbalancer" noun="Load balancers" label="Create Load Balancer" onClick={() => setOpen(true)} />
      {open && (
        <CreateLoadBalancerWizard
          onClose={() => {
            setOpen(false);
            void queryClient.invalidateQueries({ queryKey: trpc.quota.usage.queryKey() });
          }}
        />
      )}
    </>
  );
}
