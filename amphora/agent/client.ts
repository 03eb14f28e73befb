import https from "node:https";
import path from "node:path";
import { type AmphoraDriver, ConfigRejectedError, type WorkerCounters } from "../driver";
import { amphoraPaths } from "../layout";
import type { AgentConfig } from "./api";
import { type AgentInfo, API_VERSION, type ApplyDetails, type ErrorBody, REASON_HEADER } from "./protocol";
import type { AgentTls } from "./server";

// The controller's side of an amphora agent: the AmphoraDriver interface over the agent's HTTPS
// API, so the controller drives a host's HAProxies the same way whether the agent runs beside it
// or on another machine. Configs are rendered with the agent's own paths (its base directory,
// learned from /info). A call that gets no answer, or an answer the agent could not give (5xx
// that is not HAProxy refusing a config), is tried again with backoff; what still fails throws
// with the agent's reason, and the controller records it.

export class AgentError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "AgentError";
  }
}

export interface AgentClientOptions {
  url: string;
  /** The controller's client certificate and key, and the CA the agent's certificate must chain to. */
  tls: AgentTls;
  /** How long a change (an apply, a stop) may take before it is abandoned (a hung agent). Default 60 s, above HAProxy's own start bound. */
  timeoutMs?: number;
  /** How long a read (status, stats) may take. Default 10 s. */
  readTimeoutMs?: number;
  /** Tries per change before giving up. Reads are tried once: their callers read again on their own schedule. Default 3. */
  attempts?: number;
  /** The first pause between tries, doubled each time. Default 250 ms. */
  backoffMs?: number;
}

export interface AgentClient extends AmphoraDriver {
  url: string;
  info: AgentInfo;
  /** Gives the agent the controller's settings (where and how to send heartbeats). */
  configure(config: AgentConfig): Promise<void>;
  close(): void;
}

interface Answer {
  status: number;
  body: string;
}

const retriable = (status: number | null, body: string) => status === null || (status >= 500 && !parseError(body)?.stage);

function parseError(body: string): ErrorBody | null {
  try {
    const value = JSON.parse(body) as ErrorBody;
    return typeof value?.message === "string" ? value : null;
  } catch {
    return null;
  }
}

const describe = (answer: Answer) => {
  const error = parseError(answer.body);
  return error ? [error.message, error.details].filter(Boolean).join(": ") : answer.body.slice(0, 500);
};

export async function connectAgent(opts: AgentClientOptions): Promise<AgentClient> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const readTimeoutMs = opts.readTimeoutMs ?? 10_000;
  const attempts = opts.attempts ?? 3;
  const backoffMs = opts.backoffMs ?? 250;
  const agent = new https.Agent({ ...opts.tls, keepAlive: true, maxSockets: 32 });
  const base = new URL(opts.url);

  const once = (method: string, pathname: string, body?: string, headers: Record<string, string> = {}, limitMs = timeoutMs) =>
    new Promise<Answer>((resolve, reject) => {
      const req = https.request(
        {
          agent,
          method,
          hostname: base.hostname.replace(/^\[|\]$/g, ""),
          port: base.port,
          path: pathname,
          headers: { ...headers, ...(body !== undefined && { "content-length": Buffer.byteLength(body) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.setTimeout(limitMs, () => req.destroy(new Error(`no answer within ${limitMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });

  /** One call, tried again while the agent cannot answer; the last answer otherwise, whatever its status. */
  /** A POST that only asks (the running query): tried once with a read's timeout, as a GET is. */
  const QUERIES = new Set([`/${API_VERSION}/loadbalancers/running`]);

  async function call(method: string, pathname: string, body?: string, headers?: Record<string, string>): Promise<Answer> {
    const read = method === "GET" || QUERIES.has(pathname);
    const tries = read ? 1 : attempts;
    let last: Answer | Error = new Error("not tried");
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      try {
        last = await once(method, pathname, body, headers, read ? readTimeoutMs : timeoutMs);
        if (!retriable(last.status, last.body)) return last;
      } catch (err) {
        last = err as Error;
      }
    }
    if (last instanceof Error) throw new AgentError(`amphora agent ${opts.url} did not answer ${method} ${pathname}${tries > 1 ? ` after ${tries} tries` : ""}: ${last.message}`, null);
    return last;
  }

  /** A call that must succeed: its JSON, or an error with the agent's reason. */
  async function json<T>(method: string, pathname: string, body?: string, headers?: Record<string, string>): Promise<T> {
    const answer = await call(method, pathname, body, headers);
    if (answer.status >= 300) throw new AgentError(`amphora agent ${opts.url}: ${method} ${pathname}: ${answer.status} ${describe(answer)}`, answer.status);
    return JSON.parse(answer.body) as T;
  }

  const lb = (lbId: string) => `/${API_VERSION}/loadbalancer/${lbId}`;
  const info = await json<AgentInfo>("GET", `/${API_VERSION}/info`);
  const paths = (lbId: string) => amphoraPaths(info.base_dir, lbId);

  return {
    url: opts.url,
    info,
    paths,
    close: () => agent.destroy(),

    async configure(config) {
      await json("PUT", `/${API_VERSION}/config`, JSON.stringify(config), { "content-type": "application/json" });
    },

    async apply(lbId, configText, reason, beforeReload) {
      // Octavia's path names the amphora, then the load balancer. An agent keeps one amphora per
      // load balancer, under the load balancer's id, which therefore stands for both.
      const answer = await call("PUT", `${lb(lbId)}/${lbId}/haproxy`, configText, {
        "content-type": "text/plain",
        [REASON_HEADER]: reason.replace(/[^\x20-\x7e]/g, "?").slice(0, 500),
      });
      const error = answer.status >= 300 ? parseError(answer.body) : null;
      if (error?.stage) throw new ConfigRejectedError(lbId, error.stage, error.details ?? error.message);
      if (answer.status >= 300) throw new AgentError(`amphora agent ${opts.url} could not apply the config: ${answer.status} ${describe(answer)}`, answer.status);
      const { details } = JSON.parse(answer.body) as { details: ApplyDetails };
      const { replaced_worker, ...result } = details;
      if (replaced_worker && beforeReload) await beforeReload(replaced_worker).catch(() => undefined);
      return result;
    },

    async uploadCertificates(lbId, files) {
      for (const [file, pem] of files) await json("PUT", `${lb(lbId)}/certificates/${path.basename(file)}`, pem, { "content-type": "text/plain" });
    },

    async stop(lbId) {
      await json("DELETE", `/${API_VERSION}/listeners/${lbId}`);
    },

    async plug(lbId, network) {
      await json("PUT", `/${API_VERSION}/plug/${lbId}`, JSON.stringify(network), { "content-type": "application/json" });
    },

    async unplug(lbId) {
      await json("DELETE", `/${API_VERSION}/plug/${lbId}`);
    },

    async announce(lbId) {
      await json("PUT", `/${API_VERSION}/plug/${lbId}/announce`);
    },

    async readConfig(lbId) {
      const answer = await call("GET", `${lb(lbId)}/haproxy`);
      if (answer.status === 404) return null;
      if (answer.status >= 300) throw new AgentError(`amphora agent ${opts.url}: ${answer.status} ${describe(answer)}`, answer.status);
      return answer.body;
    },

    status: (lbId) => json<{ running: boolean; pid: number | null }>("GET", `${lb(lbId)}/status`).then(({ running, pid }) => ({ running, pid })),
    list: () => json<{ loadbalancers: string[] }>("GET", `/${API_VERSION}/loadbalancers`).then((b) => b.loadbalancers),
    counters: (lbId) => json<WorkerCounters>("GET", `${lb(lbId)}/stats`),
    running: (known) =>
      json<{ amphorae: Record<string, { running: boolean; pid: number | null }> }>("POST", `/${API_VERSION}/loadbalancers/running`, JSON.stringify({ known }), {
        "content-type": "application/json",
      }).then((b) => b.amphorae),
    async setServerWeight(lbId, backend, server, weight) {
      await json("PUT", `${lb(lbId)}/servers/${encodeURIComponent(backend)}/${encodeURIComponent(server)}`, JSON.stringify({ weight }));
    },
    async setServerState(lbId, backend, server, state) {
      await json("PUT", `${lb(lbId)}/servers/${encodeURIComponent(backend)}/${encodeURIComponent(server)}`, JSON.stringify({ admin_state: state }));
    },
  };
}
