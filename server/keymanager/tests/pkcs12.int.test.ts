import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PKCS12_MAX_ITERATIONS } from "@/server/keymanager/pkcs12-iterations";
import { pkcs12ToPem } from "@/server/keymanager/pkcs12-decode";
import { pkcs12Base64, type TestCa, testCa } from "@/server/testing/certificates";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection } from "@/server/testing/fixtures";

// A PKCS12 archive names its own decoding cost (key derivation rounds). One that asks for an
// absurd count is refused before anything is derived, and an allowed but slow one is decoded off
// the event loop and outside any transaction: the server keeps answering meanwhile.

let w: TestWorld;
let ca: TestCa;

beforeAll(async () => {
  w = await testWorld();
  ca = testCa("PKCS12 Test CA");
});
afterAll(async () => w?.close());

const PBKDF2 = "1.2.840.113549.1.5.12";

/** DER INTEGER contents of a non-negative `n` (big-endian, a leading 0 when the high bit is set). */
function integerBytes(n: number): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return Buffer.from(hex, "hex").toString("binary");
}

/**
 * `archive` (base64) with its MacData iterations and/or every PBKDF2 iteration count (also those
 * inside the SafeContents carried in OCTET STRINGs) set to the given values, re-encoded. The MAC
 * no longer matches, which does not matter: the counts must be refused before it is computed.
 */
function withIterations(archive: string, counts: { mac?: number; pbkdf2?: number }): string {
  const patch = (node: forge.asn1.Asn1): void => {
    if (!Array.isArray(node.value)) {
      if (node.type === forge.asn1.Type.OCTETSTRING && typeof node.value === "string" && node.value.charCodeAt(0) === 0x30) {
        try {
          const inner = forge.asn1.fromDer(node.value, true);
          patch(inner);
          node.value = forge.asn1.toDer(inner).getBytes();
        } catch {
          // Not DER: encrypted bytes.
        }
      }
      return;
    }
    const [first, params] = node.value;
    if (counts.pbkdf2 !== undefined && first?.type === forge.asn1.Type.OID && forge.asn1.derToOid(first.value as string) === PBKDF2) {
      const count = (params?.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
      count.value = integerBytes(counts.pbkdf2);
    }
    node.value.forEach(patch);
  };
  const pfx = forge.asn1.fromDer(Buffer.from(archive, "base64").toString("binary"));
  if (counts.mac !== undefined) {
    const macData = (pfx.value as forge.asn1.Asn1[])[2] as forge.asn1.Asn1;
    ((macData.value as forge.asn1.Asn1[])[2] as forge.asn1.Asn1).value = integerBytes(counts.mac);
  }
  patch(pfx);
  return Buffer.from(forge.asn1.toDer(pfx).getBytes(), "binary").toString("base64");
}

const upload = (payload: string) =>
  w.caller.secret.create({ payload, payload_content_type: "application/octet-stream", payload_content_encoding: "base64" });

/** Runs `work` while a 10 ms timer ticks; answers the longest the timer was late, i.e. the longest the event loop was blocked. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { result: await work(), stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe("PKCS12 iteration counts", () => {
  it("refuses a MAC iteration count of 2^40 at once, naming the bound", async () => {
    const archive = withIterations(pkcs12Base64(ca.issue({ cn: "mac.example.test" })), { mac: 2 ** 40 });
    const started = performance.now();
    await expectRejection(
      upload(archive),
      "BAD_REQUEST",
      `The PKCS12 bundle asks for 1,099,511,627,776 key derivation iterations; at most ${PKCS12_MAX_ITERATIONS.toLocaleString("en-US")} are accepted`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a huge PBKDF2 count in the shrouded key bag, which sits inside the archive's SafeContents", async () => {
    const archive = withIterations(pkcs12Base64(ca.issue({ cn: "bag.example.test" })), { pbkdf2: 2 ** 31 });
    const started = performance.now();
    await expectRejection(upload(archive), "BAD_REQUEST", "The PKCS12 bundle asks for 2,147,483,648 key derivation iterations");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a legacy archive (PKCS#12 PBE with RC2 and 3DES) whose encryption asks for too many, its MAC asking for one", async () => {
    const archive = pkcs12Base64(ca.issue({ cn: "legacy.example.test" }), PKCS12_MAX_ITERATIONS + 1, { legacy: true, macIterationsOne: true });
    await expectRejection(upload(archive), "BAD_REQUEST", "The PKCS12 bundle asks for 100,001 key derivation iterations");
  });

  it("takes a legacy archive within the bound", async () => {
    const created = await upload(pkcs12Base64(ca.issue({ cn: "legacy-ok.example.test" }), 2048, { legacy: true }));
    expect(created).toMatchObject({ kind: "certificate", subject_cn: "legacy-ok.example.test" });
  });

  it("still takes an archive at the bound", async () => {
    const created = await upload(pkcs12Base64(ca.issue({ cn: "bound.example.test" }), PKCS12_MAX_ITERATIONS));
    expect(created).toMatchObject({ kind: "certificate", subject_cn: "bound.example.test" });
  });
});

describe("decoding off the event loop", () => {
  it("keeps answering other requests while an allowed but slow archive decodes, and after", async () => {
    const archive = pkcs12Base64(ca.issue({ cn: "slow.example.test" }), PKCS12_MAX_ITERATIONS);
    const { result, stallMs } = await longestStall(async () => {
      const order: string[] = [];
      const uploaded = upload(archive).then((s) => {
        order.push("upload");
        return s;
      });
      // Queries during the decode: on PGlite they would wait for any open transaction.
      const listed = w.caller.loadBalancer.list({}).then((lbs) => {
        order.push("list");
        return lbs;
      });
      await Promise.all([uploaded, listed]);
      return { order, secret: await uploaded };
    });
    expect(result.order).toEqual(["list", "upload"]);
    expect(result.secret).toMatchObject({ kind: "certificate", subject_cn: "slow.example.test" });
    // The decode takes seconds of CPU; the loop never waited for it.
    expect(stallMs).toBeLessThan(500);
    expect(await w.caller.secret.get({ id: result.secret.id })).toMatchObject({ subject_cn: "slow.example.test" });
  });

  it("stops a decode that runs past its time limit, with a clear error", async () => {
    const der = Buffer.from(pkcs12Base64(ca.issue({ cn: "timeout.example.test" }), PKCS12_MAX_ITERATIONS), "base64");
    const started = performance.now();
    await expect(pkcs12ToPem(der, 50)).rejects.toThrow("decoding it took longer than 0.05 s and was stopped.");
    expect(performance.now() - started).toBeLessThan(2000);
    // The next decode is not held up by the stopped one.
    expect(await pkcs12ToPem(Buffer.from(pkcs12Base64(ca.issue({ cn: "next.example.test" })), "base64"))).toContain("-----BEGIN CERTIFICATE-----");
  });
});
