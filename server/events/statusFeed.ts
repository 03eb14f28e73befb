import type { Database } from "@/db/client";
import { STATUS_CHANNEL } from "@/server/services/status";

// One LISTEN per process, fanned out to every open subscription. A notification carries no
// event: it only says "there is something new", and each subscriber reads what is new after its
// own cursor from the database. That keeps delivery exact (no loss, no duplicates) whether the
// write came from this process or from a controller worker on another one.

export interface Wakeup {
  /** Resolves at the next notification since the last call, or when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void>;
  close(): void;
}

export class StatusFeed {
  private readonly subscribers = new Set<() => void>();
  private readonly subscribeWaiters = new Set<() => void>();

  private unlisten: () => Promise<void> = async () => undefined;

  private constructor() {}

  static async start(database: Database): Promise<StatusFeed> {
    const feed = new StatusFeed();
    feed.unlisten = await database.listen(STATUS_CHANNEL, () => feed.wakeAll());
    return feed;
  }

  private wakeAll() {
    for (const wake of this.subscribers) wake();
  }

  /**
   * Resolves when the next subscriber has subscribed: from then on every commit wakes it, so a
   * caller that must write only once a stream is listening waits for this instead of sleeping.
   */
  nextSubscriber(): Promise<void> {
    return new Promise((resolve) => this.subscribeWaiters.add(resolve));
  }

  /** Subscribe before reading the backlog, so nothing committed in between is missed. */
  subscribe(): Wakeup {
    let dirty = false;
    let resolve: (() => void) | null = null;
    const wake = () => {
      dirty = true;
      resolve?.();
    };
    this.subscribers.add(wake);
    for (const subscribed of this.subscribeWaiters) subscribed();
    this.subscribeWaiters.clear();
    return {
      wait: (signal) => {
        if (dirty || signal?.aborted) {
          dirty = false;
          return Promise.resolve();
        }
        return new Promise<void>((done) => {
          const finish = () => {
            resolve = null;
            dirty = false;
            signal?.removeEventListener("abort", finish);
            done();
          };
          resolve = finish;
          signal?.addEventListener("abort", finish, { once: true });
        });
      },
      close: () => {
        this.subscribers.delete(wake);
      },
    };
  }

  stop(): Promise<void> {
    this.subscribers.clear();
    return this.unlisten();
  }
}
