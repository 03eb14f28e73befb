// What every benchmark prints its figures with.

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Prints rows as a table, the first row as its header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  rows.forEach((row, i) => {
    console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join(" | "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  });
}

/**
 * Smoke mode (`BENCH_SMOKE=1` or `--smoke`): every phase runs with tiny counts and still prints
 * its table, so `npm test` proves each benchmark runs to the end. Its figures mean nothing.
 */
export const SMOKE = process.env.BENCH_SMOKE === "1" || process.argv.includes("--smoke");

/** `full` in a real run, `smoke` in smoke mode. */
export const sized = <T>(full: T, smoke: T): T => (SMOKE ? smoke : full);

/** The median of a non-empty list. */
export const median = (xs: number[]) => percentile(xs, 50);

/**
 * Runs a benchmark's main and exits: 0 once it printed its tables, 1 with the error otherwise
 * (the handles a benchmark leaves, an agent's or a database's, must not keep it running).
 */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
