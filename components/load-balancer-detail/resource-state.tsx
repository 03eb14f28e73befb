import Link from "next/link";
import { errorCodeOf, isNotFound, messageOf } from "@/components/ui/trpc-errors";
import { routes } from "./routes";

/** What a detail page shows instead of its resource: loading, gone (deleted), or an error. */
export function ResourceState({ noun, id, isPending, error }: { noun: string; id: string; isPending: boolean; error: unknown }) {
  if (isPending && !error) {
    return (
      <p aria-busy="true" className="py-6 text-center text-muted">
        Loading {noun}…
      </p>
    );
  }
  return (
    <div role="alert" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>
        {isNotFound(error) ? `${noun[0]?.toUpperCase()}${noun.slice(1)} ${id} was not found: it may have been deleted.` : `Unable to retrieve ${noun}: ${messageOf(error)}`}
      </p>
      <p className="mt-1">
        <Link href={routes.list}>Back to Load Balancers</Link>
      </p>
    </div>
  );
}

/** An answer such as NOT_FOUND or BAD_REQUEST stays the same on retry; a failure of the network or server gets one more try. */
export const retryOnce = (failures: number, err: unknown) => {
  const code = errorCodeOf(err);
  return (code === null || code === "INTERNAL_SERVER_ERROR") && failures < 1;
};

/** Said over a page whose resource was deleted while it was open (the stream reports DELETED). */
export function GoneNotice({ noun, data, error }: { noun: string; data: { provisioning_status: string } | undefined; error: unknown }) {
  const gone = data?.provisioning_status === "DELETED" || (data !== undefined && isNotFound(error));
  if (!gone) return null;
  return (
    <p role="alert" className="mb-3 rounded-sm border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      This {noun} has been deleted. <Link href={routes.list}>Back to Load Balancers</Link>
    </p>
  );
}

/** What a user in the load balancer's project may do about an ERROR: Octavia's recoveries. */
function recoveryText(canDelete: boolean, canFailover: boolean): string {
  if (canFailover) return "Delete it, or fail it over to replace its amphora.";
  if (canDelete) return "It can only be deleted; an administrator can also fail it over.";
  return "It can only be deleted or failed over.";
}

/**
 * Said over a load balancer in ERROR: why (the reason of the event that put it there) and how it
 * recovers. Also an operating ERROR that came with a reason (an amphora that would not restart).
 */
export function ErrorNotice({
  lb,
  canDelete,
  canFailover,
}: {
  lb: { provisioning_status: string; operating_status: string; status_reason: string | null };
  canDelete: boolean;
  canFailover: boolean;
}) {
  const failed = lb.provisioning_status === "ERROR";
  if (!failed && !(lb.operating_status === "ERROR" && lb.status_reason)) return null;
  return (
    <div role="alert" data-testid="error-notice" className="mb-3 rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>
        <strong className="font-semibold">{failed ? "This load balancer is in Error" : "Operating status Error"}:</strong>{" "}
        <span data-testid="status-reason">{lb.status_reason ?? "its last change could not be applied."}</span>
      </p>
      {failed && <p className="mt-1">{recoveryText(canDelete, canFailover)}</p>}
    </div>
  );
}
