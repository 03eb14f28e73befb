import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { checkPattern, RenderError } from "./allow-list";
import { writeAtomic } from "./layout";
import type { AlpnProtocol, AmphoraPaths, ListenerModel, LoadBalancerModel, PoolModel, TlsVersion } from "./model";
import { ALPN_PROTOCOLS, TLS_CIPHERS, TLS_VERSIONS } from "./patterns";

// TLS in an amphora: the PEM files beside the config, the bind options of a TERMINATED_HTTPS
// frontend, and the server options of a pool that re-encrypts to its members.
//
// Every file is named by the hash of its content (`tls/<sha256>.pem`, `tls/<sha256>.crtlist`),
// so a rotated certificate changes the config text itself: the driver sees a new config hash and
// reloads hitlessly, and the old workers keep the files they loaded until they finish. Only
// these generated paths reach the config; certificate bytes never do.

/** Octavia's X-SSL-* insert_headers and what HAProxy fills each with (TERMINATED_HTTPS only). */
export const SSL_HEADERS = {
  "X-SSL-Client-Verify": "%[ssl_c_verify]",
  "X-SSL-Client-Has-Cert": "%[ssl_c_used]",
  "X-SSL-Client-DN": "%{+Q}[ssl_c_s_dn]",
  "X-SSL-Client-CN": "%{+Q}[ssl_c_s_dn(cn)]",
  "X-SSL-Issuer": "%{+Q}[ssl_c_i_dn]",
  "X-SSL-Client-SHA1": "%{+Q}[ssl_c_sha1,hex]",
  "X-SSL-Client-Not-Before": "%{+Q}[ssl_c_notbefore]",
  "X-SSL-Client-Not-After": "%{+Q}[ssl_c_notafter]",
} as const;
export type SslHeader = keyof typeof SSL_HEADERS;

const TLS_DIR = "tls";
const NO_VERSION: Record<TlsVersion, string> = { SSLv3: "no-sslv3", TLSv1: "no-tlsv10", "TLSv1.1": "no-tlsv11", "TLSv1.2": "no-tlsv12", "TLSv1.3": "no-tlsv13" };
const VERIFY = { NONE: "none", OPTIONAL: "optional", MANDATORY: "required" } as const;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const tlsDir = (paths: AmphoraPaths) => path.join(paths.dir, TLS_DIR);
const fileFor = (paths: AmphoraPaths, content: string, ext: string) => path.join(tlsDir(paths), `${sha256(content)}.${ext}`);
/** The names fileFor gives: the content's sha256 and what it is. */
export const TLS_FILE_NAME = /^[0-9a-f]{64}\.(?:pem|crtlist)$/;

function checkPem(what: string, pem: string, label: "CERTIFICATE" | "X509 CRL"): string {
  if (typeof pem !== "string" || !pem.includes(`-----BEGIN ${label}-----`)) throw new RenderError(`${what} is not PEM with a ${label}`);
  return pem;
}

/** The TLS files a load balancer's config refers to, by path, with their content. */
export function tlsFiles(lb: LoadBalancerModel, paths: AmphoraPaths): Map<string, string> {
  const files = new Map<string, string>();
  const add = (content: string, ext: string) => {
    const file = fileFor(paths, content, ext);
    files.set(file, content);
    return file;
  };
  for (const l of lb.listeners) {
    if (!l.tls) continue;
    const certs = l.tls.certificates.map((pem, i) => add(checkPem(`listener ${l.id} certificate ${i}`, pem, "CERTIFICATE"), "pem"));
    add(`${certs.join("\n")}\n`, "crtlist");
    if (l.tls.client_ca) add(checkPem(`listener ${l.id} client CA`, l.tls.client_ca, "CERTIFICATE"), "pem");
    if (l.tls.client_crl) add(checkPem(`listener ${l.id} client CRL`, l.tls.client_crl, "X509 CRL"), "pem");
  }
  for (const p of lb.pools) {
    if (!p.tls) continue;
    if (p.tls.client_certificate) add(checkPem(`pool ${p.id} client certificate`, p.tls.client_certificate, "CERTIFICATE"), "pem");
    if (p.tls.ca) add(checkPem(`pool ${p.id} CA`, p.tls.ca, "CERTIFICATE"), "pem");
    if (p.tls.crl) add(checkPem(`pool ${p.id} CRL`, p.tls.crl, "X509 CRL"), "pem");
  }
  return files;
}

/** `ciphers … no-… alpn …`, shared by binds and servers. */
function protocolOptions(owner: string, tls: { tls_versions: TlsVersion[]; tls_ciphers: string | null; alpn_protocols: AlpnProtocol[] }): string[] {
  const versions = tls.tls_versions;
  if (versions.length === 0 || versions.some((v) => !TLS_VERSIONS.includes(v))) throw new RenderError(`${owner}: tls_versions ${JSON.stringify(versions)} is not a list of known versions`);
  const parts: string[] = [];
  if (tls.tls_ciphers !== null) parts.push(`ciphers ${checkPattern(`${owner} tls_ciphers`, tls.tls_ciphers, TLS_CIPHERS)}`);
  // As Octavia: no ssl-min-ver, a no-* flag for every version left out.
  for (const v of TLS_VERSIONS) if (!versions.includes(v)) parts.push(NO_VERSION[v]);
  if (tls.alpn_protocols.length > 0) {
    if (tls.alpn_protocols.some((a) => !ALPN_PROTOCOLS.includes(a))) throw new RenderError(`${owner}: alpn_protocols ${JSON.stringify(tls.alpn_protocols)} is not allowed`);
    parts.push(`alpn ${tls.alpn_protocols.join(",")}`);
  }
  return parts;
}

/** What follows `bind <address>:<port>` on a TERMINATED_HTTPS frontend. */
export function bindTlsOptions(listener: ListenerModel, paths: AmphoraPaths): string {
  const tls = listener.tls;
  if (!tls || tls.certificates.length === 0) {
    // Serving plain HTTP on a TERMINATED_HTTPS port would be a silent downgrade.
    throw new RenderError(`listener ${listener.id}: TERMINATED_HTTPS needs a certificate`);
  }
  const crtList = fileFor(paths, `${tls.certificates.map((pem) => fileFor(paths, pem, "pem")).join("\n")}\n`, "crtlist");
  const parts = ["ssl", `crt-list ${crtList}`];
  if (tls.client_ca) {
    parts.push(`ca-file ${fileFor(paths, tls.client_ca, "pem")}`, `verify ${VERIFY[tls.client_authentication]}`);
    if (tls.client_crl) parts.push(`crl-file ${fileFor(paths, tls.client_crl, "pem")}`);
  }
  parts.push(...protocolOptions(`listener ${listener.id}`, tls));
  return parts.join(" ");
}

/** The `http-request set-header` lines of the X-SSL-* headers a TERMINATED_HTTPS listener asked for. */
export function sslHeaderLines(listener: ListenerModel): string[] {
  const headers = listener.insert_headers as Partial<Record<string, boolean>>;
  return (Object.keys(SSL_HEADERS) as SslHeader[]).filter((h) => headers[h]).map((h) => `    http-request set-header ${h} ${SSL_HEADERS[h]}`);
}

/** Options of a `server` line in a pool that re-encrypts; empty for a pool without TLS. */
export function serverTlsOptions(pool: PoolModel, paths: AmphoraPaths): string[] {
  const tls = pool.tls;
  if (!tls) return [];
  const parts = ["ssl"];
  if (tls.client_certificate) parts.push(`crt ${fileFor(paths, tls.client_certificate, "pem")}`);
  if (tls.ca) {
    parts.push(`ca-file ${fileFor(paths, tls.ca, "pem")}`, "verify required");
    if (tls.crl) parts.push(`crl-file ${fileFor(paths, tls.crl, "pem")}`);
  } else {
    parts.push("verify none"); // no CA given: the members' certificates are not checked, as in Octavia
  }
  parts.push(...protocolOptions(`pool ${pool.id}`, tls));
  return parts;
}

/**
 * Writes `files` (0600, in a 0700 directory: HAProxy's master reads them as root before the
 * workers drop privileges) and removes the TLS files that neither they nor the config now on
 * disk refer to. The running config's files stay until a later apply no longer needs them, so a
 * refused reload or a master re-exec still finds everything its config names.
 */
export async function writeTlsFiles(paths: AmphoraPaths, files: Map<string, string>): Promise<void> {
  if (files.size === 0) return;
  const dir = tlsDir(paths);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [file, content] of files) {
    // Only names tlsFiles gives, in this amphora's own directory: an agent takes them from the wire.
    if (path.dirname(file) !== dir || !TLS_FILE_NAME.test(path.basename(file))) throw new Error(`not a TLS file of this amphora: ${file}`);
    const current = await fs.readFile(file, "utf8").catch(() => null);
    if (current !== content) await writeAtomic(file, content, 0o600);
  }
}

/** Removes the TLS files that neither the config HAProxy now runs nor its crt-lists name. */
export async function pruneTlsFiles(paths: AmphoraPaths): Promise<void> {
  const dir = tlsDir(paths);
  const existing = await fs.readdir(dir).catch(() => [] as string[]);
  if (existing.length === 0) return;
  const running = await fs.readFile(paths.config, "utf8").catch(() => "");
  const crtLists = await Promise.all(
    [...running.matchAll(/crt-list (\S+)/g)].map((m) => fs.readFile(m[1] as string, "utf8").catch(() => "")),
  );
  const referenced = `${running}\n${crtLists.join("\n")}`;
  for (const name of existing) {
    const file = path.join(dir, name);
    if (!referenced.includes(file)) await fs.rm(file, { force: true });
  }
}
