import pg from "pg";

// LISTEN on a connection of its own (a pooled one would be handed to other queries) that
// survives the server going away. NOTIFYs sent while it was disconnected are lost, so after
// every reconnect it calls `onNotify` once with an empty payload: subscribers treat any
// notification as "read what is new after your cursor", which catches up on everything missed.

export interface PgListener {
  close(): Promise<void>;
}

export async function listenResilient(url: string, channel: string, onNotify: (payload: string) => void, log = (m: string) => console.error(m)): Promise<PgListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? "");
    });
    // An error ends this connection for good: reconnect after a pause.
    c.on("error", (err) => lost(c, err.message));
    c.on("end", () => lost(c, "connection ended"));
    await c.connect();
    await c.query(`LISTEN "${channel.replace(/"/g, "")}"`);
    if (closed) await c.end();
    client = c;
  };

  let delayMs = 100;
  const lost = (c: pg.Client, why: string) => {
    if (client !== c || closed) return;
    client = null;
    log(`[db] LISTEN ${channel} lost (${why}); reconnecting`);
    schedule();
  };
  const schedule = () => {
    retryTimer = setTimeout(async () => {
      try {
        await connect();
        delayMs = 100;
        log(`[db] LISTEN ${channel} restored`);
        onNotify("");
      } catch (err) {
        delayMs = Math.min(delayMs * 2, 5_000);
        log(`[db] LISTEN ${channel} reconnect failed: ${err instanceof Error ? err.message : String(err)}`);
        schedule();
      }
    }, delayMs);
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
