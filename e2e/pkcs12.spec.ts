import { PKCS12_MAX_ITERATIONS } from "../server/keymanager/pkcs12-iterations";
import { pkcs12Base64, testCa } from "../server/testing/certificates";
import { uniqueName } from "./cloud";
import { expect, test } from "./fixtures";

// The production build decodes a PKCS12 upload in a worker thread whose code is a string, so
// nothing has to be bundled for it: an archive at the iteration bound, seconds of key
// derivation, is stored while the server goes on answering other requests.

test("stores a slow PKCS12 upload while the server keeps answering", async ({ api }) => {
  const ca = testCa("E2E PKCS12 CA");
  const payload = pkcs12Base64(ca.issue({ cn: "p12.e2e.test" }), PKCS12_MAX_ITERATIONS);
  let done = false;
  const upload = api
    .mutation<{ id: string; kind: string; subject_cn: string }>("secret.create", {
      name: uniqueName("p12"),
      payload,
      payload_content_type: "application/octet-stream",
      payload_content_encoding: "base64",
    })
    .finally(() => (done = true));
  // Lists answered while the upload is being decoded: none would be if it held the event loop.
  let answered = 0;
  while (!done) {
    await api.query("loadBalancer.list", {});
    if (!done) answered++;
  }
  expect(await upload).toMatchObject({ kind: "certificate", subject_cn: "p12.e2e.test" });
  expect(answered).toBeGreaterThanOrEqual(3);
  await api.mutation("secret.delete", { id: (await upload).id });
});
