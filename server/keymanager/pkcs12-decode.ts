import { Worker } from "node:worker_threads";
import { excessiveIterations, pkcs12Unreadable } from "./pkcs12-iterations";

// Decoding a PKCS12 archive is CPU work the archive itself sizes (key derivation rounds), so it
// never runs on the server's event loop: the iteration counts in clear are checked first
// (pkcs12-iterations.ts), then node-forge decodes in a worker thread that is terminated when it
// runs past a time limit. Meanwhile the API, the status stream and the controller keep running.
//
// Why a worker thread rather than `openssl pkcs12` in a child process: the same decoder as
// before (node-forge reads the legacy RC2/3DES archives that OpenSSL 3 reads only with its
// legacy provider), no run-time dependency on an openssl binary, and terminate() stops even a
// busy loop at once. The worker's code is a string (`eval: true`) rather than a file, so the
// Next.js production build has no worker file to trace or bundle; it loads node-forge from the
// installation's node_modules, resolved from the working directory as `npm start` runs it.

/** How long one archive may take to decode; an allowed archive takes a few seconds at most. */
export const PKCS12_DECODE_TIMEOUT_MS = 15_000;

/** Archives decoded at once; more wait their turn, so uploads can take at most this many cores. */
const MAX_CONCURRENT = 1;

const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const forge = require("node-forge");
try {
  const der = Buffer.from(workerData.der);
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString("binary")), "");
  const bags = (type) => p12.getBags({ bagType: type })[type] || [];
  const pem = (label, base64) => "-----BEGIN " + label + "-----\\n" + base64.match(/.{1,64}/g).join("\\n") + "\\n-----END " + label + "-----\\n";
  const certs = bags(forge.pki.oids.certBag).flatMap((b) => (b.cert ? [forge.pki.certificateToPem(b.cert)] : []));
  const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)].flatMap((b) => {
    if (b.key) return [forge.pki.privateKeyToPem(b.key)];
    // forge only models RSA keys; others are handed over as the PKCS#8 structure it decoded.
    return b.asn1 ? [pem("PRIVATE KEY", Buffer.from(forge.asn1.toDer(b.asn1).getBytes(), "binary").toString("base64"))] : [];
  });
  parentPort.postMessage({ pem: certs.concat(keys).join("") });
} catch (err) {
  parentPort.postMessage({ error: String((err && err.message) || err) });
}
`;

/** Thrown with the message a client is shown; certificates.ts turns it into a ValidationError. */
export class Pkcs12Error extends Error {}

let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function decodeInWorker(der: Buffer, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { der: new Uint8Array(der) } });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Pkcs12Error(pkcs12Unreadable(`decoding it took longer than ${timeoutMs / 1000} s and was stopped.`)))),
      timeoutMs,
    );
    worker.once("message", (m: { pem?: string; error?: string }) =>
      finish(() => (m.pem !== undefined ? resolve(m.pem) : reject(new Pkcs12Error(pkcs12Unreadable(m.error ?? "unknown error"))))),
    );
    worker.once("error", (err) => finish(() => reject(new Error(`PKCS12 decoder failed: ${err.message}`))));
    worker.once("exit", (code) => finish(() => reject(new Error(`PKCS12 decoder exited with code ${code}`))));
  });
}

/**
 * The certificates and key of the PKCS12 archive `der` (no pass phrase) as PEM text. Refuses an
 * archive that asks for too many iterations before deriving anything, and one whose decoding
 * runs past `timeoutMs`, with a Pkcs12Error.
 */
export async function pkcs12ToPem(der: Buffer, timeoutMs: number = PKCS12_DECODE_TIMEOUT_MS): Promise<string> {
  let excessive: string | null;
  try {
    excessive = excessiveIterations(der);
  } catch (err) {
    throw new Pkcs12Error(pkcs12Unreadable((err as Error).message));
  }
  if (excessive) throw new Pkcs12Error(`The PKCS12 bundle ${excessive}`);
  return inTurn(() => decodeInWorker(der, timeoutMs));
}
