import { eq, sql } from "drizzle-orm";
import type { Heartbeat } from "@/amphora/heartbeat";
import type { Db } from "@/db/client";
import { amphoraHosts } from "@/db/schema";

// Which amphora hosts are alive, from their heartbeats (Octavia's health manager, for hosts): a
// host whose heartbeats stopped for `timeoutMs` goes DOWN, and UP again with the next one. Kept
// in memory; the database is written when a host's status changes, and its last_seen_at at most
// once a minute between, so a fleet whose hosts are all well costs no write per heartbeat.

/** How stale a host's stored last_seen_at may get while it is UP. */
const LAST_SEEN_WRITE_MS = 60_000;

export interface HostMonitorOptions {
  db: Db;
  timeoutMs: number;
  log: (line: string) => void;
  /** Told each host that went DOWN or came back UP, after it was written. */
  onChange?: (hostId: string, status: "UP" | "DOWN") => void;
}

export class HostMonitor {
  /** performance.now() of each host's last heartbeat. */
  private readonly lastHeard = new Map<string, number>();
  /** Date.now() of each host's last stored last_seen_at. */
  private readonly lastWritten = new Map<string, number>();
  private readonly statuses = new Map<string, "UP" | "DOWN">();
  private timer: NodeJS.Timeout | null = null;
  private intervalMs = 0;
  /** performance.now() of the last check: one that runs late says this process stalled, not the hosts. */
  private lastCheck = 0;
  private writing = Promise.resolve();

  constructor(private readonly opts: HostMonitorOptions) {}

  /** A heartbeat was accepted (signed, newer than the last). */
  heard(heartbeat: Pick<Heartbeat, "host_id">): void {
    const id = heartbeat.host_id;
    this.lastHeard.set(id, performance.now());
    const written = this.lastWritten.get(id) ?? 0;
    if (this.statuses.get(id) !== "UP") this.write(id, "UP");
    else if (Date.now() - written >= LAST_SEEN_WRITE_MS) this.write(id, null);
  }

  /**
   * Times a host registered after the start from now, from its stored status: one stored UP is
   * DOWN unless heard within the timeout, one stored DOWN (a host that joined and was never
   * heard) UP with its first heartbeat. One known already is left as it is.
   */
  async expect(hostId: string): Promise<void> {
    if (this.statuses.has(hostId)) return;
    const [row] = await this.opts.db.select({ status: amphoraHosts.status }).from(amphoraHosts).where(eq(amphoraHosts.id, hostId));
    if (!row || this.statuses.has(hostId)) return;
    this.statuses.set(hostId, row.status);
    this.lastHeard.set(hostId, performance.now());
  }

  /** Checks every `intervalMs` for hosts that fell silent; the hosts known as UP start being timed now. */
  async start(intervalMs: number): Promise<void> {
    const hosts = await this.opts.db.select({ id: amphoraHosts.id, status: amphoraHosts.status }).from(amphoraHosts);
    const now = performance.now();
    for (const h of hosts) {
      this.statuses.set(h.id, h.status);
      // A host stored as UP gets a full timeout to be heard by this (new) controller.
      if (h.status === "UP" && !this.lastHeard.has(h.id)) this.lastHeard.set(h.id, now);
    }
    this.intervalMs = intervalMs;
    this.lastCheck = performance.now();
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushed();
  }

  /** Once every status and last_seen_at noted so far is written. */
  flushed(): Promise<void> {
    return this.writing;
  }

  /**
   * Marks DOWN each UP host not heard from within the timeout. A check that runs late (this
   * process's event loop was blocked) judges nothing: the heartbeats that arrived meanwhile wait
   * unread behind it, and the next check, a turn later, has read them.
   */
  check(now = performance.now()): void {
    const late = now - this.lastCheck > 2 * this.intervalMs + 100;
    this.lastCheck = now;
    if (late) return;
    const silent = [...this.statuses].filter(([id, s]) => s === "UP" && now - (this.lastHeard.get(id) ?? -Infinity) >= this.opts.timeoutMs).map(([id]) => id);
    for (const id of silent) this.write(id, "DOWN");
  }

  /** Writes a status change (or, with null, only last_seen_at), in order with the writes before it. */
  private write(id: string, status: "UP" | "DOWN" | null): void {
    if (status) this.statuses.set(id, status);
    const seen = status === "DOWN" ? {} : { last_seen_at: new Date().toISOString() };
    if (status !== "DOWN") this.lastWritten.set(id, Date.now());
    this.writing = this.writing
      .then(async () => {
        const [row] = await this.opts.db
          .update(amphoraHosts)
          .set({ ...(status && { status }), ...seen, updated_at: sql`now()` })
          .where(eq(amphoraHosts.id, id))
          .returning({ name: amphoraHosts.name });
        if (!row) {
          // Not a host of this cloud (deleted, or another cloud's agent with the same key).
          this.statuses.delete(id);
          this.lastHeard.delete(id);
          return;
        }
        if (status) {
          this.opts.log(`amphora host ${row.name} (${id}) is ${status}${status === "DOWN" ? `: no heartbeat for ${this.opts.timeoutMs} ms` : ""}`);
          this.opts.onChange?.(id, status);
        }
      })
      .catch((err: unknown) => this.opts.log(`amphora host ${id}: recording its status failed: ${(err as Error).message}`));
  }
}
