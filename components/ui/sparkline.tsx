// A sparkline: one series as a line in a small box, scaled to its own maximum. An SVG polyline is
// all it takes; a chart library would bring axes, legends and kilobytes this does not use.

export interface SparklineProps {
  /** What the line shows, for screen readers and the tooltip (e.g. "Connections per second"). */
  label: string;
  values: number[];
  /** The latest value as people read it, shown beside the line. */
  current: string;
  width?: number;
  height?: number;
}

export function Sparkline({ label, values, current, width = 160, height = 32 }: SparklineProps) {
  const max = Math.max(...values, 0);
  const stepX = values.length > 1 ? width / (values.length - 1) : width;
  // A flat zero line sits on the bottom edge; otherwise the top is the series' maximum.
  const y = (v: number) => (max === 0 ? height - 1 : height - 1 - ((height - 2) * v) / max);
  const points = values.map((v, i) => `${(i * stepX).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <figure className="flex items-center gap-3">
      <figcaption className="w-44 text-sm text-muted">{label}</figcaption>
      <svg role="img" aria-label={`${label}: ${current}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="text-accent">
        <title>{`${label}, last ${values.length} intervals; peak ${max.toLocaleString("en-US", { maximumFractionDigits: 1 })}`}</title>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <span className="text-sm tabular-nums" data-testid={`sparkline-${label}`}>
        {current}
      </span>
    </figure>
  );
}
