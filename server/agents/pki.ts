import { randomBytes, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { AgentTls } from "@/amphora/agent/server";
import { CONTROLLER_CN } from "@/amphora/agent/protocol";
import { type IssuedCert, issueCertificate } from "@/server/keymanager/issue";

// The controller's small CA for its amphora agents (Octavia's `agent_server_ca` and the
// controller's client certificate): it signs each host's server certificate and the controller's
// client certificate, and an agent accepts only the latter. Kept under DATA_DIR/pki, readable by
// root only; made once, at the first start. The certificates it signs last a year and are issued
// again at a start that finds one with less than 30 days left.

export interface AgentPki {
  ca: IssuedCert;
  /** The controller's client certificate (common name CONTROLLER_CN). */
  controller: IssuedCert;
}

const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000;

function writePrivate(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** A fresh CA and controller certificate, in memory (tests, and the first start). */
export function newPki(): AgentPki {
  const ca = issueCertificate({ cn: "lbaas amphora CA", ca: true, notAfter: new Date(Date.now() + TEN_YEARS) });
  return { ca, controller: issueCertificate({ cn: CONTROLLER_CN, usage: "client" }, ca) };
}

/** A certificate is issued again when it has less than this left (they are issued for a year). */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** Whether a PEM certificate expires within RENEW_BEFORE_MS (or cannot be read). */
export function dueForRenewal(certPem: string, now = Date.now()): boolean {
  try {
    return Date.parse(new X509Certificate(certPem).validTo) - now < RENEW_BEFORE_MS;
  } catch {
    return true;
  }
}

export function loadOrCreatePki(dir: string): AgentPki {
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => fs.readFileSync(file(name), "utf8");
  if (fs.existsSync(file("controller.key"))) {
    const ca = { cert: read("ca.crt"), key: read("ca.key") };
    let controller = { cert: read("controller.crt"), key: read("controller.key") };
    if (dueForRenewal(controller.cert)) {
      // The CA stays, so every agent keeps trusting the controller's new certificate.
      controller = issueCertificate({ cn: CONTROLLER_CN, usage: "client" }, ca);
      fs.writeFileSync(file("controller.crt"), controller.cert);
      writePrivate(file("controller.key"), controller.key);
    }
    return { ca, controller };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = newPki();
  writePrivate(file("ca.key"), pki.ca.key);
  fs.writeFileSync(file("ca.crt"), pki.ca.cert);
  fs.writeFileSync(file("controller.crt"), pki.controller.cert);
  // Written last: its presence says the rest is complete.
  writePrivate(file("controller.key"), pki.controller.key);
  return pki;
}

/**
 * The key heartbeats are signed with (Octavia's `heartbeat_key`), made at the first start. The
 * controller hands it to each agent with its settings; replacing the file and restarting
 * rotates it.
 */
export function loadOrCreateHeartbeatKey(dir: string): string {
  const file = path.join(dir, "heartbeat.key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("hex");
  writePrivate(file, `${key}\n`);
  return key;
}

/** A host's server certificate, for the address the controller reaches its agent on. */
export function issueHostCertificate(pki: AgentPki, address: string): IssuedCert {
  return issueCertificate({ cn: `amphora host ${address}`, sans: [address], usage: "server" }, pki.ca);
}

/** What the controller presents to agents. */
export const controllerTls = (pki: AgentPki): AgentTls => ({ key: pki.controller.key, cert: pki.controller.cert, ca: pki.ca.cert });

/** What an agent serves with. */
export const agentTls = (pki: AgentPki, host: IssuedCert): AgentTls => ({ key: host.key, cert: host.cert, ca: pki.ca.cert });
