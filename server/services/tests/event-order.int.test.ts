import { randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { cursorOf, readStream, type StatusEvent, streamHead } from "@/server/services/events";
import { announceCreated } from "@/server/services/status";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createCaller } from "@/server/trpc/router";

// Event ids come from a sequence, and concurrent transactions commit in any order. Here eight
// writers on eight connections take their ids in one order and commit in another, while a
// subscriber reads the stream: it must receive every event exactly once, in an order that a
// later reader from the start agrees with. Needs real concurrent connections: PostgreSQL only.

const onPostgres = inject("postgresUrl") !== null;
const WRITERS = 8;
const ROUNDS = 6;

describe.runIf(onPostgres)("the status stream under concurrent writers", () => {
  let w: TestWorld;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    w = await testWorld();
    for (let i = 0; i < WRITERS; i++) {
      const client = new pg.Client({ connectionString: w.database.url ?? "" });
      await client.connect();
      clients.push(client);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await w?.close();
  });

  /** Opens a subscription and collects until `count` events arrived (or 20 s passed). */
  function subscribe(lastEventId: string, count: number) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 20_000);
    const received: [string, StatusEvent][] = [];
    const done = (async () => {
      const stream = await createCaller(w.ctx, { signal: abort.signal }).events.onStatus({ lastEventId });
      for await (const item of stream as AsyncIterable<[string, StatusEvent]>) {
        received.push(item);
        if (received.length >= count) break;
      }
    })()
      .catch((err: unknown) => {
        if (!abort.signal.aborted) throw err;
      })
      .finally(() => {
        clearTimeout(timer);
        abort.abort();
      });
    return { received, done, stop: () => abort.abort() };
  }

  /** One writer's event in its open transaction, appended (and NOTIFY sent) as every status write does. */
  const insertEvent = async (client: pg.Client, lbId: string, n: number) => {
    const db: Db = drizzle({ client, schema });
    await announceCreated(db, { resource_type: "loadbalancer", id: lbId, loadbalancer_id: lbId, project_id: w.projectId }, {
      provisioning_status: "ACTIVE",
      operating_status: n % 2 ? "ONLINE" : "OFFLINE",
    });
    const { rows } = await client.query<{ id: string }>("select currval(pg_get_serial_sequence('status_events', 'id')) as id");
    return Number(rows[0]?.id);
  };

  it("delivers every event exactly once when transactions commit out of id order", async () => {
    const start = await streamHead(w.ctx);
    const total = WRITERS * ROUNDS * 2;
    const listening = w.feed.nextSubscriber();
    const live = subscribe(start, total);
    await listening; // the subscription is reading before anyone writes

    for (let round = 0; round < ROUNDS; round++) {
      const lbId = randomUUID();
      await Promise.all(clients.map((c) => c.query("begin")));
      // Ids are taken in writer order, twice per writer, interleaved across writers...
      for (const [i, c] of clients.entries()) await insertEvent(c, lbId, i);
      for (const [i, c] of clients.entries()) await insertEvent(c, lbId, WRITERS + i);
      // ...and the transactions commit in another order, a moment apart, so the subscriber
      // reads between commits: newest ids first in even rounds, shuffled in odd ones.
      const order = clients.map((_, i) => i);
      if (round % 2 === 0) order.reverse();
      else order.sort(() => Math.random() - 0.5);
      for (const i of order) {
        await clients[i]!.query("commit");
        await new Promise((r) => setTimeout(r, 15));
      }
    }
    await live.done;

    const cursors = live.received.map(([cursor]) => cursor);
    expect(live.received).toHaveLength(total);
    expect(new Set(cursors).size).toBe(total);
    expect(live.received.every(([cursor, event]) => cursor === cursorOf(event))).toBe(true);
    // A reader that comes later, from the same start, sees the same events in the same order.
    const replay = await readStream(w.ctx, start, { limit: total + 10 });
    expect(replay.heldBack).toBe(false);
    expect(replay.events.map(cursorOf)).toEqual(cursors);

    // Resuming from any point in the middle gives exactly the rest.
    const middle = cursors[Math.floor(total / 3)]!;
    const resumed = subscribe(middle, total - Math.floor(total / 3) - 1);
    await resumed.done;
    expect(resumed.received.map(([cursor]) => cursor)).toEqual(cursors.slice(Math.floor(total / 3) + 1));
  });

  it("holds back a committed event while an older transaction is still open, then delivers both", async () => {
    const start = await streamHead(w.ctx);
    const [older, newer] = clients as [pg.Client, pg.Client];
    const lbId = randomUUID();
    await older.query("begin");
    await newer.query("begin");
    const first = await insertEvent(older, lbId, 1);
    const second = await insertEvent(newer, lbId, 2);
    expect(second).toBeGreaterThan(first);
    await newer.query("commit");
    const early = await readStream(w.ctx, start);
    expect(early.events).toHaveLength(0);
    expect(early.heldBack).toBe(true);
    await older.query("commit");
    const late = await readStream(w.ctx, start);
    expect(late.events.map((e) => e.id).sort()).toEqual([first, second].sort());
  });
});
