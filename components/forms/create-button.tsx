"use client";

import { useQuery } from "@tanstack/react-query";
import { useCanWrite } from "@/components/auth/can-write";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type QuotaResource, quotaExceeded } from "./quota";

/**
 * A "+ Create …" action, not offered to a reader. Like Horizon, at the project's quota for what
 * it creates it is disabled and reads "Quota exceeded"; its title says how much is used.
 */
export function CreateButton({
  resource,
  noun,
  label,
  onClick,
  size,
  disabled = false,
}: {
  resource: QuotaResource;
  /** "Load balancers", "Pools": for the usage in the title. */
  noun: string;
  label: string;
  onClick: () => void;
  size?: "sm" | "md";
  disabled?: boolean;
}) {
  const canWrite = useCanWrite();
  const trpc = useTRPC();
  const usage = useQuery(trpc.quota.usage.queryOptions(undefined, { enabled: canWrite }));
  if (!canWrite) return null;
  const quota = usage.data?.[resource];
  const exceeded = quota !== undefined && quotaExceeded(quota);
  return (
    <Button
      variant="primary"
      size={size}
      aria-haspopup="dialog"
      onClick={onClick}
      disabled={disabled || exceeded}
      title={quota && quota.limit >= 0 ? `${noun}: ${quota.used} of ${quota.limit} used` : undefined}
    >
      {exceeded ? `+ ${label} (Quota exceeded)` : `+ ${label}`}
    </Button>
  );
}
