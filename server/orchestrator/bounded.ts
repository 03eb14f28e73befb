/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight: a pass over every load
 * balancer must not open a socket or a connection per load balancer at once.
 */
export async function mapBounded<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
