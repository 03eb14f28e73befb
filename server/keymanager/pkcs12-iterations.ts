import forge from "node-forge";

// A PKCS12 archive names its own work factor: the iteration count of its MAC (MacData) and of
// every password-based encryption inside it (PKCS#12 PBE, PBES1, PBES2/PBKDF2). Decoding runs
// that many hash rounds per key, so an archive with 2^40 iterations would never finish. These
// counts are read from the DER here, which costs one pass over at most a payload's bytes, and
// an archive naming more than PKCS12_MAX_ITERATIONS is refused before any key is derived.
//
// Why 100,000: OpenSSL writes 2048 by default, Windows 2000, Java's keytool 10,000; node-forge,
// which decodes the archive, needs about 25 ms per 1,000 rounds on this class of machine, so the
// bound keeps an allowed archive within a few seconds of one worker thread (pkcs12-decode.ts).
//
// Only what is in clear can be read before decoding: a key bag inside an encrypted SafeContents
// shows its count only once that content is decrypted (itself bounded here). The decoder's
// time limit covers that case.

export const PKCS12_MAX_ITERATIONS = 100_000;

/** OIDs whose parameters are `SEQUENCE { salt OCTET STRING, iterations INTEGER, … }`. */
const PBE_PREFIXES = [
  "1.2.840.113549.1.12.1.", // PKCS#12 PBE (pbeWithSHAAnd3-KeyTripleDES-CBC, RC2, RC4)
];
const PBE_OIDS = new Set([
  "1.2.840.113549.1.5.1", // PBES1: pbeWithMD2AndDES-CBC
  "1.2.840.113549.1.5.3", // pbeWithMD5AndDES-CBC
  "1.2.840.113549.1.5.4", // pbeWithMD2AndRC2-CBC
  "1.2.840.113549.1.5.6", // pbeWithMD5AndRC2-CBC
  "1.2.840.113549.1.5.10", // pbeWithSHA1AndDES-CBC
  "1.2.840.113549.1.5.11", // pbeWithSHA1AndRC2-CBC
  "1.2.840.113549.1.5.12", // PBKDF2 (inside PBES2's parameters)
]);
const isPbe = (oid: string) => PBE_OIDS.has(oid) || PBE_PREFIXES.some((p) => oid.startsWith(p));

/** How deep OCTET STRINGs holding DER (ContentInfo data → SafeContents) are looked into. */
const MAX_NESTING = 4;

const { Class, Type } = forge.asn1;

/** An INTEGER's value; anything above 2^48 (or negative) as Infinity, which no bound admits. */
function integerValue(node: forge.asn1.Asn1): number {
  const bytes = Buffer.from(node.value as string, "binary");
  if (bytes.length === 0 || (bytes[0] ?? 0) & 0x80) return Number.POSITIVE_INFINITY;
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const digits = bytes.subarray(start);
  if (digits.length > 6) return Number.POSITIVE_INFINITY;
  return digits.length === 0 ? 0 : digits.readUIntBE(0, digits.length);
}

const children = (node: forge.asn1.Asn1): forge.asn1.Asn1[] => (Array.isArray(node.value) ? node.value : []);
const isInteger = (node: forge.asn1.Asn1 | undefined) => node?.tagClass === Class.UNIVERSAL && node.type === Type.INTEGER && !node.constructed;

/** Every iteration count `node` names, looking into OCTET STRINGs that hold DER. */
function collect(node: forge.asn1.Asn1, nesting: number, out: number[]): void {
  const kids = children(node);
  const [first, params] = kids;
  if (node.type === Type.SEQUENCE && first?.type === Type.OID && first.tagClass === Class.UNIVERSAL && isPbe(forge.asn1.derToOid(first.value as string))) {
    const count = params ? children(params)[1] : undefined;
    // An algorithm that must carry a count and does not is not an archive anyone decodes.
    out.push(isInteger(count) ? integerValue(count as forge.asn1.Asn1) : Number.POSITIVE_INFINITY);
  }
  for (const kid of kids) collect(kid, nesting, out);
  if (node.tagClass === Class.UNIVERSAL && node.type === Type.OCTETSTRING && typeof node.value === "string" && nesting < MAX_NESTING) {
    const inner = node.value;
    if (inner.charCodeAt(0) === 0x30) {
      try {
        collect(forge.asn1.fromDer(inner, true), nesting + 1, out);
      } catch {
        // Not DER after all: an encrypted or opaque octet string.
      }
    }
  }
}

/**
 * The iteration counts a PKCS12 archive (`PFX ::= SEQUENCE { version, authSafe, macData }`)
 * names in clear: its MacData's and every PBE algorithm's. Throws when the DER is unreadable.
 */
export function pkcs12IterationCounts(der: Buffer): number[] {
  const pfx = forge.asn1.fromDer(der.toString("binary"), true);
  const out: number[] = [];
  const macData = children(pfx)[2];
  if (macData) {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    const iterations = children(macData)[2];
    out.push(iterations === undefined ? 1 : isInteger(iterations) ? integerValue(iterations) : Number.POSITIVE_INFINITY);
  }
  collect(pfx, 0, out);
  return out;
}

/** Octavia's words for an archive it cannot read, with why. */
export const pkcs12Unreadable = (why: string) =>
  `The PKCS12 bundle is unreadable. Please check the PKCS12 bundle validity. In addition, make sure it does not require a pass phrase. Error: ${why}`;

/** Why `der` must not be decoded ("asks for … iterations"), or null when its counts are within the bound. */
export function excessiveIterations(der: Buffer): string | null {
  const highest = Math.max(0, ...pkcs12IterationCounts(der));
  if (highest <= PKCS12_MAX_ITERATIONS) return null;
  const shown = Number.isFinite(highest) ? highest.toLocaleString("en-US") : "more than 2^48";
  return `asks for ${shown} key derivation iterations; at most ${PKCS12_MAX_ITERATIONS.toLocaleString("en-US")} are accepted (OpenSSL writes 2,048).`;
}
