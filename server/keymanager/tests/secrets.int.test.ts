import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secrets } from "@/db/schema";
import { NOT_A_CERTIFICATE } from "@/server/keymanager/certificates";
import { secretPayloads } from "@/server/keymanager/secrets";
import { pemBundle, pkcs12Base64, type TestCa, testCa } from "@/server/testing/certificates";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection } from "@/server/testing/fixtures";

// The key manager through createCaller: uploads in both forms, the metadata read from them, the
// refusals, and what is (not) stored in clear.

let w: TestWorld;
let ca: TestCa;

beforeAll(async () => {
  w = await testWorld();
  ca = testCa("Key Manager Test CA");
});
afterAll(async () => w?.close());

const body = (pem: string) => pem.split("\n").filter((l) => l && !l.startsWith("-----"));

describe("secret.create", () => {
  it("takes a PEM bundle and answers a secret_ref with the certificate's metadata", async () => {
    const notAfter = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    notAfter.setMilliseconds(0);
    const server = ca.issue({ cn: "www.example.test", sans: ["www.example.test", "example.test"], notAfter });
    const created = await w.caller.secret.create({ name: "www", payload: pemBundle(server), payload_content_type: "text/plain" });
    expect(created).toMatchObject({
      name: "www",
      kind: "certificate",
      subject_cn: "www.example.test",
      subject_alt_names: ["DNS:www.example.test", "DNS:example.test"],
      issuer: "CN=Key Manager Test CA",
      not_after: notAfter.toISOString(),
      secret_ref: `http://127.0.0.1:3000/key-manager/v1/secrets/${created.id}`,
    });
    expect(created).not.toHaveProperty("encrypted_payload");
    expect(await w.caller.secret.get({ id: created.id })).toEqual(created);
    expect((await w.caller.secret.list()).map((s) => s.id)).toContain(created.id);
  });

  it("stores the payload encrypted: the raw row holds no part of the PEM, and it decrypts to certificate then key", async () => {
    const server = ca.issue({ cn: "at-rest.example.test" });
    const { id } = await w.caller.secret.create({ payload: pemBundle(server), payload_content_type: "text/plain" });
    const [row] = await w.db.select().from(secrets).where(eq(secrets.id, id));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain("BEGIN");
    for (const line of [...body(server.cert), ...body(server.key)].slice(0, 10)) expect(stored).not.toContain(line);
    const pem = (await secretPayloads(w.db, [id])).get(id) ?? "";
    expect(pem.startsWith(server.cert)).toBe(true);
    expect(pem).toContain("-----BEGIN PRIVATE KEY-----");
  });

  it("takes a PKCS12 archive as base64", async () => {
    const server = ca.issue({ cn: "p12.example.test", sans: ["p12.example.test"] });
    const created = await w.caller.secret.create({
      name: "p12",
      payload: pkcs12Base64(server),
      payload_content_type: "application/octet-stream",
      payload_content_encoding: "base64",
    });
    expect(created).toMatchObject({ kind: "certificate", subject_cn: "p12.example.test", subject_alt_names: ["DNS:p12.example.test"] });
    expect((await secretPayloads(w.db, [created.id])).get(created.id)?.startsWith(server.cert)).toBe(true);
  });

  it("keeps CA certificates (no key) as a CA secret", async () => {
    const created = await w.caller.secret.create({ name: "ca", payload: ca.cert, payload_content_type: "text/plain" });
    expect(created).toMatchObject({ kind: "ca", subject_cn: "Key Manager Test CA" });
  });

  it("refuses a key that is not the certificate's", async () => {
    const one = ca.issue({ cn: "one.example.test" });
    const two = ca.issue({ cn: "two.example.test" });
    await expectRejection(
      w.caller.secret.create({ payload: one.cert + two.key, payload_content_type: "text/plain" }),
      "BAD_REQUEST",
      "The private key does not match the certificate.",
    );
  });

  it("refuses what is not a certificate, an unreadable PKCS12 and a payload without its encoding", async () => {
    await expectRejection(w.caller.secret.create({ payload: "hello", payload_content_type: "text/plain" }), "BAD_REQUEST", NOT_A_CERTIFICATE);
    await expectRejection(
      w.caller.secret.create({ payload: Buffer.from("not pkcs12").toString("base64"), payload_content_type: "application/octet-stream", payload_content_encoding: "base64" }),
      "BAD_REQUEST",
      "The PKCS12 bundle is unreadable. Please check the PKCS12 bundle validity. In addition, make sure it does not require a pass phrase.",
    );
    await expectRejection(
      w.caller.secret.create({ payload: "AAAA", payload_content_type: "application/octet-stream" }),
      "BAD_REQUEST",
      "payload_content_encoding must be base64 for application/octet-stream payloads",
    );
    await expectRejection(w.caller.secret.create({ payload: "", payload_content_type: "text/plain" }), "BAD_REQUEST", "payload cannot be empty");
  });
});

describe("project scope", () => {
  it("answers another project's secret as not found and deletes only its own", async () => {
    const server = ca.issue({ cn: "mine.example.test" });
    const { id } = await w.caller.secret.create({ payload: pemBundle(server), payload_content_type: "text/plain" });
    const other = await w.otherProject();
    await expectRejection(other.secret.get({ id }), "NOT_FOUND", `Secret ${id} not found.`);
    await expectRejection(other.secret.delete({ id }), "NOT_FOUND", `Secret ${id} not found.`);
    expect(await other.secret.list()).toEqual([]);
    await w.caller.secret.delete({ id });
    await expectRejection(w.caller.secret.get({ id }), "NOT_FOUND", `Secret ${id} not found.`);
  });
});
