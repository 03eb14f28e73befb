import type { StatusFeed } from "@/server/events/statusFeed";
import { checkHealth } from "./health";
import {
  type ControllerDeps,
  driveLoadBalancer,
  knownLoadBalancers,
  pendingLoadBalancers,
  restartAmphora,
} from "./reconciler";

// The controller's two loops. Work: woken by every status event (a service just wrote a
// PENDING_* row) and at least once a second, it drives each pending load balancer. Watch: once
// a second it reads every amphora's health, restarts an ACTIVE load balancer's HAProxy that
// died, and stops an HAProxy no row stands behind.

export interface Controller {
  stop(): Promise<void>;
}

export interface ControllerOptions extends ControllerDeps {
  feed: StatusFeed;
  /** How often the watch loop runs (health, liveness, orphans). */
  watchIntervalMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

export function startController(opts: ControllerOptions): Controller {
  const abort = new AbortController();
  const { signal } = abort;
  const deps: ControllerDeps = { database: opts.database, driver: opts.driver, log: opts.log };
  const guard = (name: string, step: () => Promise<void>) =>
    step().catch((err) => opts.log(`${name} pass failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));

  const work = (async () => {
    const wakeup = opts.feed.subscribe();
    try {
      while (!signal.aborted) {
        await guard("work", async () => {
          const ids = await pendingLoadBalancers(deps.database.db);
          await Promise.all(ids.map((id) => driveLoadBalancer(deps, id)));
        });
        // Sleep until a status event or a second has passed, whichever is first.
        const tick = new AbortController();
        const stopTick = () => tick.abort();
        signal.addEventListener("abort", stopTick, { once: true });
        await Promise.race([wakeup.wait(tick.signal), sleep(1000, tick.signal)]);
        tick.abort();
        signal.removeEventListener("abort", stopTick);
      }
    } finally {
      wakeup.close();
    }
  })();

  const watch = (async () => {
    while (!signal.aborted) {
      await guard("watch", () => watchOnce(deps));
      await sleep(opts.watchIntervalMs ?? 1000, signal);
    }
  })();

  return {
    stop: async () => {
      abort.abort();
      await Promise.all([work, watch]);
    },
  };
}

/** One watch pass: orphans stopped, dead amphorae of ACTIVE load balancers restarted, health read. */
export async function watchOnce(deps: ControllerDeps): Promise<void> {
  const known = await knownLoadBalancers(deps.database.db);
  for (const id of await deps.driver.list()) {
    if (!known.has(id)) {
      deps.log(`amphora ${id} has no load balancer behind it: stopping it`);
      await deps.driver.stop(id);
    }
  }
  const active = [...known].filter(([, status]) => status === "ACTIVE").map(([id]) => id);
  await Promise.all(
    active.map(async (id) => {
      // One amphora's trouble (it died between the two calls, say) must not skip the others.
      try {
        if (!(await deps.driver.status(id)).running) await restartAmphora(deps, id);
        else await checkHealth(deps, id);
      } catch (err) {
        deps.log(`load balancer ${id}: watch failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}
