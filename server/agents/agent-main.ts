import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { createLocalDriver } from "@/amphora/driver";
import { writeAtomic } from "@/amphora/layout";
import { namespaceName } from "@/server/network/names";
import { agentConfigSchema, hostInfo } from "@/amphora/agent/api";
import { HeartbeatSender } from "@/amphora/agent/heartbeat-sender";
import { DEFAULT_AGENT_PORT } from "@/amphora/agent/protocol";
import { startAgentServer } from "@/amphora/agent/server";

// The amphora agent as its own process (`npm run agent`): it owns this host's HAProxies, each in
// its load balancer's namespace (named by the network's rule, hence here and not in amphora/),
// and serves the controller over HTTPS (amphora/agent/). Its HAProxies are daemons
// of their own: an agent that stops or crashes leaves them serving, and the next one adopts them
// from their pidfiles, as the controller always did.
//
// AGENT_DIR holds its TLS files (server.key, server.crt, ca.crt); it writes its pid and the URL it
// listens on there (`agent.pid`, `url`) once it serves.

const settings = z
  .object({
    AGENT_DIR: z.string().min(1),
    AGENT_HOST: z.string().default("127.0.0.1"),
    /** 0: a free port, written to AGENT_DIR/url (the agent beside the controller). */
    AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_AGENT_PORT),
    AMPHORA_DIR: z.string().min(1),
    NETWORK_PREFIX: z.string().min(1),
    HAPROXY_BIN: z.string().min(1).default("/usr/sbin/haproxy"),
  })
  .parse(process.env);

async function main() {
  const dir = path.resolve(settings.AGENT_DIR);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
  const baseDir = path.resolve(settings.AMPHORA_DIR);
  fs.mkdirSync(baseDir, { recursive: true, mode: 0o755 });
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const driver = createLocalDriver({
    baseDir,
    haproxyBin: settings.HAPROXY_BIN,
    log,
    namespaceOf: (lbId) => namespaceName(settings.NETWORK_PREFIX, "amphora", lbId),
  });
  // The controller's settings survive a restart of the agent: heartbeats resume before it calls again.
  const configFile = path.join(dir, "config.json");
  const sender = new HeartbeatSender(driver, log);
  const saved = agentConfigSchema.safeParse(JSON.parse(fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "null"));
  if (saved.success) sender.configure(saved.data.heartbeat);
  const server = await startAgentServer({
    driver,
    configure: async (config) => {
      await writeAtomic(configFile, `${JSON.stringify(config)}\n`, 0o600);
      sender.configure(config.heartbeat);
    },
    info: await hostInfo(baseDir, settings.HAPROXY_BIN),
    host: settings.AGENT_HOST,
    port: settings.AGENT_PORT,
    tls: { key: read("server.key"), cert: read("server.crt"), ca: read("ca.crt") },
    log,
  });
  await writeAtomic(path.join(dir, "agent.pid"), `${process.pid}\n`, 0o600);
  await writeAtomic(path.join(dir, "url"), `${server.url}\n`, 0o600);
  log(`amphora agent serving ${server.url} for the amphorae under ${baseDir}`);
  const shutdown = async () => {
    setTimeout(() => process.exit(1), 5_000).unref();
    sender.close();
    await server.close();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  console.error(`amphora agent: ${(err as Error).message}`);
  process.exit(1);
});
