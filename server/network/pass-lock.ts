// One process's changes to the host's network, ordered: a full pass runs alone (it reads the
// whole host and removes what it does not know, so nothing may be half-made beside it), while
// changes to distinct namespaces (plugging one amphora, unplugging another) run side by side,
// each after the full passes queued before it. Callers keep changes to one namespace apart
// themselves (the controller's claims do, for an amphora).

export class PassLock {
  /** The end of the last exclusive piece of work queued. */
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  /** Shared work under way (or waiting for the exclusive work before it). */
  private readonly sharing = new Set<Promise<unknown>>();

  /** Runs `work` alone: after everything queued before it, with nothing beside it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const before = Promise.allSettled([this.exclusiveTail, ...this.sharing]);
    const run = before.then(work);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  /** Runs `work` beside other shared work, after the exclusive work queued before it. */
  shared<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(work);
    const tracked = run.catch(() => undefined);
    this.sharing.add(tracked);
    void tracked.finally(() => this.sharing.delete(tracked));
    return run;
  }
}
