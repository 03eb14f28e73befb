import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { z } from "zod";
import { type AmphoraDriver, ConfigRejectedError, type WorkerCounters } from "../driver";
import { ID } from "../patterns";
import { TLS_FILE_NAME } from "../tls";
import { heartbeatConfigSchema } from "./heartbeat-sender";
import { API_VERSION, type ApplyDetails, type ErrorBody, type AgentInfo, REASON_HEADER } from "./protocol";

export const agentConfigSchema = z.strictObject({ heartbeat: heartbeatConfigSchema });

export type AgentConfig = z.infer<typeof agentConfigSchema>;

// The amphora agent's HTTP API, in the shape of Octavia's amphora API v1.0 (its paths, its
// `{"message", "details"}` error body, 202 for what changes HAProxy): a request handler over this
// host's driver. Octavia's upload only writes and checks a config and a separate call reloads;
// here the upload applies it (start, hitless reload, or a runtime change), as the controller's
// driver always did, so a config is never left written and unapplied. What Octavia reads from
// HAProxy's files and sockets on the amphora itself (status, stats, runtime server changes) is
// served under the same prefix, marked "extension" below.

/** A config or a certificate: far above any real one, low enough that no body can exhaust memory. */
const MAX_BODY = 8 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

const notFound = (lbId: string) => new HttpError(404, { message: "Loadbalancer Not Found", details: `No loadbalancer with UUID: ${lbId}` });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, { message: "Request Entity Too Large", details: `over ${MAX_BODY} bytes` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  let value: unknown;
  try {
    value = JSON.parse(await readBody(req));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, { message: "Invalid request", details: "the body is not JSON" });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, { message: "Invalid request", details: z.prettifyError(parsed.error) });
  return parsed.data;
}

/** A whole host's amphorae fit; the bound keeps one request from asking for unbounded work. */
const MAX_RUNNING_QUERY = 10_000;

const RunningQuery = z.strictObject({
  known: z
    .record(z.string().regex(ID), z.number().int().positive().nullable())
    .refine((k) => Object.keys(k).length <= MAX_RUNNING_QUERY, `at most ${MAX_RUNNING_QUERY} load balancers`),
});

const ServerChange = z.strictObject({
  weight: z.number().int().min(0).max(256).optional(),
  admin_state: z.enum(["ready", "maint", "drain"]).optional(),
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** What the agent says about the host when asked: Octavia's info, and where it keeps amphorae. */
export async function hostInfo(baseDir: string, haproxyBin: string): Promise<AgentInfo> {
  const version = await execa(haproxyBin, ["-v"], { reject: false, stdin: "ignore", timeout: 10_000 });
  return {
    hostname: os.hostname(),
    haproxy_version: /version (\S+)/.exec(version.stdout ?? "")?.[1] ?? "unknown",
    api_version: API_VERSION,
    base_dir: path.resolve(baseDir),
  };
}

/** A request the agent refuses as malformed (400), with what is wrong: thrown by what the agent is given to call. */
export class InvalidRequestError extends Error {
  constructor(details: string) {
    super(details);
    this.name = "InvalidRequestError";
  }
}

/**
 * The host's network side: an amphora's namespace, its ports and their segments (Octavia's
 * plug VIP and plug network, in one call), checked and made by the host (server/agents).
 */
export interface AgentNetwork {
  plug(lbId: string, request: unknown): Promise<void>;
  unplug(lbId: string): Promise<void>;
  /** Announces the plugged amphora's VIP (gratuitous ARP); false when it is not plugged here. */
  announce(lbId: string): Promise<boolean>;
}

export interface AgentApiOptions {
  driver: AmphoraDriver;
  /** Plugs and unplugs amphorae; without it, the plug routes answer 501. */
  network?: AgentNetwork;
  info: AgentInfo;
  log?: (line: string) => void;
  /** Takes the controller's settings for this agent (its heartbeats): PUT /1.0/config. */
  configure?: (config: AgentConfig) => Promise<void>;
}

type Route = { method: string; pattern: RegExp; handle: (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> };

const UUID = ID.source.slice(1, -1);
const P = `/${API_VERSION}`;

export function agentApi(opts: AgentApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { driver, info } = opts;

  const applyConfig = async (lbId: string, text: string, reason: string) => {
    let replaced: WorkerCounters | undefined;
    try {
      const result = await driver.apply(lbId, text, reason, async (last) => {
        replaced = last;
      });
      const details: ApplyDetails = { ...result, ...(replaced && { replaced_worker: replaced }) };
      return details;
    } catch (err) {
      if (err instanceof ConfigRejectedError) {
        // Octavia: a config `haproxy -c` refuses is the request's fault (400); one that would not start is the host's (500).
        if (err.stage === "check") throw new HttpError(400, { message: "Invalid request", details: err.output, stage: err.stage });
        throw new HttpError(500, { message: `Error ${err.stage === "start" ? "starting" : "reloading"} haproxy`, details: err.output, stage: err.stage });
      }
      throw err;
    }
  };

  const routes: Route[] = [
    { method: "GET", pattern: /^\/$/, handle: async (_q, res) => send(res, 200, { api_version: API_VERSION }) },
    { method: "GET", pattern: new RegExp(`^${P}/info$`), handle: async (_q, res) => send(res, 200, info) },
    {
      // Octavia's controller uploads the agent's configuration here; ours is the heartbeat's.
      method: "PUT",
      pattern: new RegExp(`^${P}/config$`),
      handle: async (req, res) => {
        const config = await readJson(req, agentConfigSchema);
        if (!opts.configure) throw new HttpError(501, { message: "Not Implemented", details: "this agent takes no configuration" });
        await opts.configure(config);
        send(res, 202, { message: "OK" });
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^${P}/details$`),
      handle: async (_q, res) => {
        const loadbalancers = (await driver.list()).sort();
        send(res, 200, {
          ...info,
          active: true,
          haproxy_count: loadbalancers.length,
          cpu_count: os.cpus().length,
          memory: { total: Math.round(os.totalmem() / 1024), free: Math.round(os.freemem() / 1024) },
          load: os.loadavg().map((l) => l.toFixed(2)),
          topology: "SINGLE",
          topology_status: "OK",
          loadbalancers,
        });
      },
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/(${UUID})/haproxy$`),
      handle: async (req, res, [, lbId]) => {
        const text = await readBody(req);
        const reason = String(req.headers[REASON_HEADER] ?? "agent upload").slice(0, 500);
        send(res, 202, { message: "OK", details: await applyConfig(lbId!, text, reason) });
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/haproxy$`),
      handle: async (_q, res, [lbId]) => {
        const config = await driver.readConfig(lbId!);
        if (config === null) throw notFound(lbId!);
        send(res, 200, config);
      },
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/(start|stop|reload)$`),
      handle: async (req, res, [lbId, action]) => {
        if (action === "stop") await driver.stop(lbId!);
        else {
          const config = await driver.readConfig(lbId!);
          if (config === null) throw notFound(lbId!);
          await applyConfig(lbId!, config, `agent: ${action}`);
        }
        send(res, 202, { message: "OK", details: `Listener ${lbId} ${action}ed` });
      },
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/([^/]+)$`),
      handle: async (_q, _r, [, action]) => {
        throw new HttpError(400, { message: "Invalid Request", details: `Unknown action: ${action}` });
      },
    },
    {
      // Octavia deletes a load balancer's HAProxy through its listeners path.
      method: "DELETE",
      pattern: new RegExp(`^${P}/listeners/(${UUID})$`),
      handle: async (_q, res, [lbId]) => {
        await driver.stop(lbId!);
        send(res, 200, { message: "OK" });
      },
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/certificates/([^/]+)$`),
      handle: async (req, res, [lbId, filename]) => {
        if (!TLS_FILE_NAME.test(filename!)) throw new HttpError(400, { message: "Filename has wrong format" });
        const pem = await readBody(req);
        const file = path.join(driver.paths(lbId!).dir, "tls", filename!);
        await driver.uploadCertificates(lbId!, new Map([[file, pem]]));
        send(res, 200, { message: "OK" });
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/certificates/([^/]+)$`),
      handle: async (_q, res, [lbId, filename]) => {
        if (!TLS_FILE_NAME.test(filename!)) throw new HttpError(400, { message: "Filename has wrong format" });
        const pem = await fs.readFile(path.join(driver.paths(lbId!).dir, "tls", filename!), "utf8").catch(() => null);
        if (pem === null) throw new HttpError(404, { message: "Certificate Not Found", details: `No certificate with filename: ${filename}` });
        send(res, 200, { md5sum: createHash("md5").update(pem).digest("hex") });
      },
    },
    {
      // Octavia's plug VIP and plug network, as one extension call: the amphora's namespace with
      // its VIP and member legs, each network's segment (VXLAN, or the flat external network).
      method: "PUT",
      pattern: new RegExp(`^${P}/plug/(${UUID})$`),
      handle: async (req, res, [lbId]) => {
        if (!opts.network) throw new HttpError(501, { message: "Not Implemented", details: "this agent plugs no networks" });
        await opts.network.plug(lbId!, await readJson(req, z.unknown()));
        send(res, 202, { message: "OK", details: `Load balancer ${lbId} plugged` });
      },
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/plug/(${UUID})/announce$`),
      handle: async (_q, res, [lbId]) => {
        if (!opts.network) throw new HttpError(501, { message: "Not Implemented", details: "this agent plugs no networks" });
        if (!(await opts.network.announce(lbId!))) throw notFound(lbId!);
        send(res, 202, { message: "OK" });
      },
    },
    {
      method: "DELETE",
      pattern: new RegExp(`^${P}/plug/(${UUID})$`),
      handle: async (_q, res, [lbId]) => {
        if (!opts.network) throw new HttpError(501, { message: "Not Implemented", details: "this agent plugs no networks" });
        await opts.network.unplug(lbId!);
        send(res, 200, { message: "OK" });
      },
    },
    // Extensions: what the controller reads and changes on a running HAProxy.
    { method: "GET", pattern: new RegExp(`^${P}/loadbalancers$`), handle: async (_q, res) => send(res, 200, { loadbalancers: await driver.list() }) },
    {
      // A query with a body (the pids last seen can be thousands): POST, as a search is.
      method: "POST",
      pattern: new RegExp(`^${P}/loadbalancers/running$`),
      handle: async (req, res) => send(res, 200, { amphorae: await driver.running((await readJson(req, RunningQuery)).known) }),
    },
    {
      method: "GET",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/status$`),
      handle: async (_q, res, [lbId]) => send(res, 200, await driver.status(lbId!)),
    },
    {
      method: "GET",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/stats$`),
      handle: async (_q, res, [lbId]) => send(res, 200, await driver.counters(lbId!)),
    },
    {
      method: "PUT",
      pattern: new RegExp(`^${P}/loadbalancer/(${UUID})/servers/([^/]+)/([^/]+)$`),
      handle: async (req, res, [lbId, backend, server]) => {
        const change = await readJson(req, ServerChange);
        const [b, s] = [decodeURIComponent(backend!), decodeURIComponent(server!)];
        if (change.weight !== undefined) await driver.setServerWeight(lbId!, b, s, change.weight);
        if (change.admin_state !== undefined) await driver.setServerState(lbId!, b, s, change.admin_state);
        send(res, 202, { message: "OK" });
      },
    },
  ];

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://agent");
    const matching = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matching.find((r) => r.method === req.method);
    const run = async () => {
      if (!route) {
        if (matching.length) throw new HttpError(405, { message: "Method Not Allowed", details: `${req.method} ${url.pathname}` });
        throw new HttpError(404, { message: "Not Found", details: url.pathname });
      }
      await route.handle(req, res, route.pattern.exec(url.pathname)!.slice(1));
    };
    run().catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return send(res, err.status, err.body);
      if (err instanceof InvalidRequestError) return send(res, 400, { message: "Invalid request", details: err.message });
      opts.log?.(`agent: ${req.method} ${url.pathname}: ${(err as Error).message}`);
      send(res, 500, { message: "Internal Server Error", details: (err as Error).message });
    });
  };
}
