"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { CreateLoadBalancerWizard } from "./create-load-balancer-wizard";
import { quotaExceeded } from "./quota";

/**
 * The panel's "+ Create Load Balancer" action and the wizard it opens; not offered to a reader.
 * Like Horizon, at the project's load balancer quota it is disabled and reads "Quota exceeded".
 */
export function CreateLoadBalancerButton() {
  const [open, setOpen] = useState(false);
  const canWrite = useCanWrite();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const usage = useQuery(trpc.quota.usage.queryOptions(undefined, { enabled: canWrite }));
  if (!canWrite) return null;
  const quota = usage.data?.loadbalancer;
  const exceeded = quota !== undefined && quotaExceeded(quota);
  return (
    <>
      <Button
        variant="primary"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        disabled={exceeded}
        title={quota && quota.limit >= 0 ? `Load balancers: ${quota.used} of ${quota.limit} used` : undefined}
      >
        {exceeded ? "+ Create Load Balancer (Quota exceeded)" : "+ Create Load Balancer"}
      </Button>
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
