import { eq } from "drizzle-orm";
import { type AgentClient, connectAgent } from "@/amphora/agent/client";
import type { AmphoraDriver } from "@/amphora/driver";
import type { AgentTls } from "@/amphora/agent/server";
import type { Db } from "@/db/client";
import { amphoraHosts } from "@/db/schema";
import type { HostHeartbeats } from "./host-heartbeats";

// The hosts of other machines, which joined with a token (server/services/host-join.ts): the
// controller reaches each from its row, at start and within `intervalMs` of its joining, adds
// its agent's client to the controller's drivers and tells it where to send heartbeats. A host
// whose agent does not answer is tried again at the next round (its heartbeats, or their
// absence, say whether it is UP); one that joined again at a new address is reached there.

export interface JoinedHostsOptions {
  db: Db;
  /** The controller's drivers by host id: joined hosts are added here. */
  drivers: Map<string, AmphoraDriver>;
  heartbeats: HostHeartbeats;
  tls: AgentTls;
  intervalMs: number;
  log: (line: string) => void;
}

export function watchJoinedHosts(opts: JoinedHostsOptions) {
  /** The URL each joined host's client was made for. */
  const urls = new Map<string, string>();
  let stopped = false;
  const round = async () => {
    const rows = await opts.db.select({ id: amphoraHosts.id, name: amphoraHosts.name, url: amphoraHosts.agent_url }).from(amphoraHosts).where(eq(amphoraHosts.joined, true));
    for (const row of rows) {
      if (stopped || urls.get(row.id) === row.url) continue;
      let client: AgentClient;
      try {
        client = await connectAgent({ url: row.url, tls: opts.tls });
        await opts.heartbeats.watch(row.id, client);
      } catch (err) {
        opts.log(`amphora host ${row.name}: its agent at ${row.url} did not answer (tried again in ${opts.intervalMs} ms): ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      (opts.drivers.get(row.id) as AgentClient | undefined)?.close();
      opts.drivers.set(row.id, client);
      urls.set(row.id, row.url);
      opts.log(`amphora host ${row.name} joined: its agent serves ${row.url}`);
    }
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = round()
      .catch((err: unknown) => opts.log(`joined hosts: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(loop, opts.intervalMs);
        timer.unref();
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      for (const id of urls.keys()) (opts.drivers.get(id) as AgentClient | undefined)?.close();
    },
  };
}
