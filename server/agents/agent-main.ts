import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createLocalDriver } from "@/amphora/driver";
import { writeAtomic } from "@/amphora/layout";
import { HOST_PROVIDER_IFNAME, namespaceKind } from "@/server/network/names";
import { amphoraNamespaceOf, amphoraPlumbing } from "./amphora-plumbing";
import { agentConfigSchema, hostInfo } from "@/amphora/agent/api";
import { HeartbeatSender } from "@/amphora/agent/heartbeat-sender";
import { DEFAULT_AGENT_PORT } from "@/amphora/agent/protocol";
import { startAgentServer } from "@/amphora/agent/server";

// The amphora agent as its own process (`npm run agent`): it owns this host's amphorae, each a
// namespace it plugs (amphora-plumbing.ts: the network's rules, hence here and not in amphora/)
// with an HAProxy inside, and serves the controller over HTTPS (amphora/agent/). Its HAProxies are daemons
// of their own: an agent that stops or crashes leaves them serving, and the next one adopts them
// from their pidfiles, as the controller always did.
//
// AGENT_DIR holds its TLS files (server.key, server.crt, ca.crt); it writes its pid and the URL it
// listens on there (`agent.pid`, `url`) once it serves.
//
// On another machine it joins first: `npm run agent -- --controller http://controller:3000 --join
// <token> --address <this machine's address> [--name <host name>] [--port 9443]` sends the
// admin's one-time token to the controller, which registers the host and answers with its
// certificate for that address (kept in AGENT_DIR, with the address and port in joined.json); the
// agent then serves there. A later start without --join serves there again with what it kept.

const settings = z
  .object({
    AGENT_DIR: z.string().min(1).default("var/agent"),
    AGENT_HOST: z.ipv4().default("127.0.0.1"),
    /** 0: a free port, written to AGENT_DIR/url (the agent beside the controller). */
    AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_AGENT_PORT),
    AMPHORA_DIR: z.string().min(1).default("var/amphorae"),
    NETWORK_PREFIX: z.string().min(1).default("lbq"),
    HAPROXY_BIN: z.string().min(1).default("/usr/sbin/haproxy"),
    /** The host's own namespace, for a host of the controller's machine (its bridges and amphorae's ports live there). */
    AGENT_NETNS: z.string().min(1).optional(),
    /** The host's underlay address (its VXLAN endpoints' source); default: the address it serves on. */
    AGENT_UNDERLAY: z.ipv4().optional(),
    /** The host's port on the flat external network; default `provider` in a host namespace, none elsewhere. */
    AGENT_PROVIDER: z.string().min(1).optional(),
  })
  .parse(process.env);

const joinFlags = z
  .object({
    controller: z.url({ error: "--controller must be the controller's URL, e.g. http://10.0.0.1:3000" }),
    join: z.string().min(1, "--join needs the token an admin made"),
    address: z.ipv4({ error: "--address must be this machine's IPv4 address that the controller reaches" }),
    name: z.string().default(os.hostname()),
    port: z.coerce.number().int().min(1).max(65535).default(DEFAULT_AGENT_PORT),
  })
  .partial({ controller: true, join: true, address: true });

/** The answer of the controller's `amphoraHost.join`. */
const joinAnswer = z.object({ result: z.object({ data: z.object({ host_id: z.string(), certificate: z.string(), private_key: z.string(), ca_certificate: z.string() }) }) });

/**
 * Joins the controller with an admin's token: the certificate it answers with is written to
 * `dir`, and the address and port to serve on are returned.
 */
async function join(dir: string, flags: z.infer<typeof joinFlags>, log: (line: string) => void): Promise<{ host: string; port: number }> {
  if (!flags.controller || !flags.join || !flags.address) throw new Error("joining needs --controller, --join and --address");
  const res = await fetch(new URL("/api/trpc/amphoraHost.join", flags.controller), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: flags.join, name: flags.name, address: flags.address, port: flags.port }),
    signal: AbortSignal.timeout(30_000),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`;
    throw new Error(`the controller refused to join this host: ${message}`);
  }
  const { data } = joinAnswer.parse(body).result;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  await writeAtomic(path.join(dir, "server.key"), data.private_key, 0o600);
  await writeAtomic(path.join(dir, "server.crt"), data.certificate, 0o644);
  await writeAtomic(path.join(dir, "ca.crt"), data.ca_certificate, 0o644);
  const listen = { host: flags.address, port: flags.port };
  await writeAtomic(path.join(dir, JOINED_FILE), `${JSON.stringify({ ...listen, host_id: data.host_id })}\n`, 0o600);
  log(`joined the controller at ${flags.controller} as host ${flags.name} (${data.host_id})`);
  return listen;
}

/** Where a joined agent keeps the address and port it was certified for: later starts serve there. */
const JOINED_FILE = "joined.json";
const joinedListen = z.object({ host: z.ipv4(), port: z.number().int().min(1).max(65535) });

/** The address and port of an earlier join, or null for an agent that never joined (this machine's). */
function joinedBefore(dir: string): { host: string; port: number } | null {
  const file = path.join(dir, JOINED_FILE);
  if (!fs.existsSync(file)) return null;
  const { host, port } = joinedListen.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  return { host, port };
}

async function main() {
  const dir = path.resolve(settings.AGENT_DIR);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
  const baseDir = path.resolve(settings.AMPHORA_DIR);
  fs.mkdirSync(baseDir, { recursive: true, mode: 0o755 });
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const { values } = parseArgs({ options: { controller: { type: "string" }, join: { type: "string" }, address: { type: "string" }, name: { type: "string" }, port: { type: "string" } } });
  const flags = joinFlags.parse(values);
  const listen = flags.join ? await join(dir, flags, log) : (joinedBefore(dir) ?? { host: settings.AGENT_HOST, port: settings.AGENT_PORT });
  const hostNamespace = settings.AGENT_NETNS;
  if (hostNamespace !== undefined && namespaceKind(settings.NETWORK_PREFIX, hostNamespace) !== "host") {
    throw new Error(`AGENT_NETNS ${JSON.stringify(hostNamespace)} is not an amphora host's namespace of the prefix ${settings.NETWORK_PREFIX}`);
  }
  const network = amphoraPlumbing({
    prefix: settings.NETWORK_PREFIX,
    ...(hostNamespace && { hostNamespace }),
    underlayAddress: settings.AGENT_UNDERLAY ?? listen.host,
    ...((settings.AGENT_PROVIDER ?? (hostNamespace && HOST_PROVIDER_IFNAME)) && { providerInterface: settings.AGENT_PROVIDER ?? HOST_PROVIDER_IFNAME }),
    stateFile: path.join(dir, "plugged.json"),
  });
  const driver = createLocalDriver({ baseDir, haproxyBin: settings.HAPROXY_BIN, log, namespaceOf: (lbId) => amphoraNamespaceOf(network, settings.NETWORK_PREFIX, lbId) });
  // The controller's settings survive a restart of the agent: heartbeats resume before it calls again.
  const configFile = path.join(dir, "config.json");
  const sender = new HeartbeatSender(driver, log);
  const saved = agentConfigSchema.safeParse(JSON.parse(fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "null"));
  if (saved.success) sender.configure(saved.data.heartbeat);
  const server = await startAgentServer({
    // What the API reads and changes, the heartbeats know of.
    driver: sender.driver,
    network,
    configure: async (config) => {
      await writeAtomic(configFile, `${JSON.stringify(config)}\n`, 0o600);
      sender.configure(config.heartbeat);
    },
    info: await hostInfo(baseDir, settings.HAPROXY_BIN),
    host: listen.host,
    port: listen.port,
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
