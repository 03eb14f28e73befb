// Octavia's statuses (and the demo cloud's instance and floating IP statuses) as small coloured
// badges. The raw value stays on the element (data-status, title) for tests and for operators who
// think in API values; the label is Horizon's title case.

import { isPending } from "@/db/schema/statuses";

type Tone = "ok" | "pending" | "error" | "degraded" | "neutral";

const TONE_CLASSES: Record<Tone, string> = {
  ok: "border-green-300 bg-green-50 text-green-800",
  pending: "border-amber-300 bg-amber-50 text-amber-800",
  error: "border-red-300 bg-red-50 text-red-800",
  degraded: "border-orange-300 bg-orange-50 text-orange-800",
  neutral: "border-neutral-300 bg-neutral-100 text-neutral-600",
};

export function statusTone(status: string): Tone {
  if (isPending(status)) return "pending";
  switch (status) {
    case "ACTIVE":
    case "ONLINE":
    case "UP":
      return "ok";
    case "ERROR":
      return "error";
    case "DEGRADED":
      return "degraded";
    default:
      // OFFLINE, NO_MONITOR, DRAINING, DELETED, SHUTOFF, DOWN, DISABLED and anything new.
      return "neutral";
  }
}

/** PENDING_CREATE -> "Pending Create", NO_MONITOR -> "No Monitor". */
export function statusLabel(status: string): string {
  return status
    .split("_")
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(" ");
}

/** `past`: a status the resource has since left (a timeline's older entries): pending, but no spinner. */
export function StatusBadge({ status, past = false }: { status: string; past?: boolean }) {
  const tone = statusTone(status);
  return (
    <span
      data-status={status}
      title={status}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-sm border px-1.5 py-px text-[11px] font-medium leading-4 ${TONE_CLASSES[tone]}`}
    >
      {tone === "pending" && !past && <Spinner />}
      {statusLabel(status)}
    </span>
  );
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="inline-block size-2.5 animate-spin rounded-full border-[1.5px] border-current border-r-transparent"
    />
  );
}
