import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { agentApi, type AgentApiOptions } from "./api";
import { CONTROLLER_CN } from "./protocol";

// The agent's HTTPS server, mutual TLS as Octavia's (`agent_server_ca`, `agent_server_cert`):
// the host's certificate, signed by the controller's CA, and only clients with a certificate of
// that CA. The CA also signs every other host's certificate, so a client must moreover be the
// controller (its certificate's common name): another host cannot drive this one's HAProxies.

export interface AgentTls {
  key: string;
  cert: string;
  /** The controller's CA: the only issuer of certificates this agent accepts. */
  ca: string;
}

export interface AgentServerOptions extends AgentApiOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  tls: AgentTls;
}

export interface AgentServer {
  url: string;
  close(): Promise<void>;
}

export async function startAgentServer(opts: AgentServerOptions): Promise<AgentServer> {
  const api = agentApi(opts);
  const server = https.createServer({ ...opts.tls, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (peer.subject?.CN !== CONTROLLER_CN) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Forbidden", details: "only the controller's certificate is accepted" }));
      return;
    }
    api(req, res);
  });
  // The controller keeps connections open between calls; an idle one closes after a while.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `https://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
