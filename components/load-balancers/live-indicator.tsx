type FeedStatus = "idle" | "connecting" | "pending" | "error";

const LABELS: Record<FeedStatus, { text: string; dot: string }> = {
  // useSubscription calls an open stream "pending" (waiting for the next event).
  pending: { text: "Live", dot: "bg-green-500" },
  connecting: { text: "Connecting…", dot: "bg-amber-400" },
  error: { text: "Live updates lost", dot: "bg-red-500" },
  idle: { text: "Not live", dot: "bg-neutral-400" },
};

/** Whether the status stream is connected, so an operator knows if what they see is current. */
export function LiveIndicator({ status }: { status: FeedStatus }) {
  const { text, dot } = LABELS[status];
  return (
    <span data-testid="live-indicator" data-feed-status={status} className="inline-flex items-center gap-1.5 text-xs text-muted">
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}
