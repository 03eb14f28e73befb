import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { namespaceName } from "@/server/network/names";
import { pemBundle, type TestCa, testCa, type TestCert } from "@/server/testing/certificates";
import { INSTANCE_HTTPS_PORT, demoCa } from "@/server/cloud/compute/demo-ca";
import { curlFrom } from "@/server/testing/probe";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// TERMINATED_HTTPS with real TLS handshakes: HTTPS through a floating IP (from the test process)
// and through the VIP (from an instance on its network), SNI picking each host's certificate,
// mutual TLS, and a certificate rotated under load without a failed request. The whole stack: API
// over HTTP, controller, real HAProxy, demo instances as members.

let stack: Stack;
let ca: TestCa;
/** The test CA's certificate in a file, for curl inside the cloud. */
let caFile = "";
let lbId = "";
let vip = "";
/** Where the test process sends: the floating IP associated with the VIP. */
let entry = "";
let listenerId = "";
const refs: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  ca = testCa("TLS Traffic Test CA");
  caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tls-traffic-")), "ca.pem");
  fs.writeFileSync(caFile, ca.cert);
  const upload = async (name: string, payload: string) => {
    refs[name] = (await stack.api.secret.create.mutate({ name, payload, payload_content_type: "text/plain" })).secret_ref;
  };
  await upload("www", pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })));
  await upload("api", pemBundle(ca.issue({ cn: "api.example.test", sans: ["api.example.test"] })));
  await upload("www2", pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })));
  await upload("ca", ca.cert);
}, 120_000); // a whole stack on a busy 2-core machine
afterAll(async () => {
  await stack?.close();
  if (caFile) fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  /** The serial number of the certificate the server presented. */
  serial: string;
  cn: string;
}

function get(host: string, opts: { servername?: string; client?: TestCert; port?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host, port: opts.port ?? 443, path: "/", ca: ca.cert, servername: opts.servername ?? "www.example.test", cert: opts.client?.cert, key: opts.client?.key, agent: false, timeout: 5000 },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: body.trim(), serial: peer.serialNumber, cn: String(peer.subject?.CN) }));
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.end();
  });
}

const untilActive = () => stack.untilActive(lbId);

describe("TERMINATED_HTTPS through the VIP", () => {
  it("serves HTTPS with the default certificate, and each SNI name gets its own", async () => {
    const lb = await stack.api.loadBalancer.create.mutate({
      name: "tls",
      vip_subnet_id: stack.selfservice.id,
      listeners: [
        {
          protocol: "TERMINATED_HTTPS",
          protocol_port: 443,
          default_tls_container_ref: refs.www,
          sni_container_refs: [refs.api as string],
          insert_headers: { "X-Forwarded-Proto": true },
          default_pool: {
            protocol: "HTTP",
            lb_algorithm: "ROUND_ROBIN",
            members: [{ address: stack.web1.fixed_ip, protocol_port: 80 }],
          },
        },
      ],
    });
    lbId = lb.id;
    vip = lb.vip_address;
    await untilActive();
    entry = await stack.reach(lb);
    listenerId = (await stack.api.listener.list.query({ loadbalancer_id: lbId })).items[0]!.id;
    const listener = await stack.api.listener.get.query({ id: listenerId });
    expect(listener).toMatchObject({ tls_versions: ["TLSv1.2", "TLSv1.3"], alpn_protocols: ["h2", "http/1.1", "http/1.0"], client_authentication: "NONE" });

    const www = await eventually(() => get(entry).catch(() => undefined), 10_000, "HTTPS answer");
    expect(www).toMatchObject({ status: 200, body: "web1", cn: "www.example.test" });
    expect((await get(entry, { servername: "api.example.test" })).cn).toBe("api.example.test");
    // A name no certificate has gets the default one.
    expect((await get(entry, { servername: "other.example.test" }).catch((e: Error) => e.message))).toMatch(/altnames|www.example.test/);
  });

  it("serves the same certificates on the VIP itself, to a machine on its network", async () => {
    // curl verifies the chain against the test CA and the name it asked for (SNI and Host alike),
    // so a 200 says the VIP presented that name's certificate.
    const web3 = namespaceName(stack.net.prefix, "instance", stack.web3.id);
    const from = (name: string) => curlFrom(web3, `https://${name}/`, ["--cacert", caFile, "--resolve", `${name}:443:${vip}`]);
    expect(await from("www.example.test")).toEqual({ status: 200, body: "web1\n" });
    expect(await from("api.example.test")).toEqual({ status: 200, body: "web1\n" });
    // A name no certificate has gets the default one, which is not that name's.
    expect((await from("other.example.test")).status).toBe(0);
  });

  it("refuses to delete a secret the listener uses, naming it", async () => {
    const id = refs.api!.split("/").at(-1)!;
    await expect(stack.api.secret.delete.mutate({ id })).rejects.toThrow(`Secret ${id} is in use by listener ${listenerId}`);
  });

  it("rotates the default certificate under load with no failed request", async () => {
    const before = await get(entry);
    let failures = 0;
    let served = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        await get(entry).then(
          (a) => (a.status === 200 ? served++ : failures++),
          () => failures++,
        );
      }
    })();
    await stack.api.listener.update.mutate({ id: listenerId, default_tls_container_ref: refs.www2 });
    await untilActive();
    const after = await eventually(async () => {
      const a = await get(entry);
      return a.serial !== before.serial ? a : undefined;
    }, 10_000, "the rotated certificate");
    stop = true;
    await load;
    expect(after.cn).toBe("www.example.test");
    expect(served).toBeGreaterThan(5);
    expect(failures).toBe(0);
  });
});

describe("mutual TLS", () => {
  it("MANDATORY refuses a client without a certificate and accepts one the CA signed", async () => {
    await stack.api.listener.update.mutate({ id: listenerId, client_ca_tls_container_ref: refs.ca, client_authentication: "MANDATORY", insert_headers: { "X-SSL-Client-CN": true } });
    await untilActive();
    const client = ca.issue({ cn: "client-1" });
    const answer = await eventually(() => get(entry, { client }).catch(() => undefined), 10_000, "mutual TLS answer");
    expect(answer.status).toBe(200);
    await expect(get(entry)).rejects.toThrow();
    const stranger = testCa("Stranger CA").issue({ cn: "stranger" });
    await expect(get(entry, { client: stranger })).rejects.toThrow();
  });
});

describe("re-encryption to HTTPS members", () => {
  it("verifies the instances with the demo CA, and an HTTPS monitor marks a stopped member ERROR", async () => {
    const caRef = (await stack.api.secret.create.mutate({ name: "demo-ca", payload: demoCa().cert, payload_content_type: "text/plain" })).secret_ref;
    const lb = await stack.api.loadBalancer.create.mutate({
      name: "reencrypt",
      vip_subnet_id: stack.selfservice.id,
      listeners: [
        {
          protocol: "HTTP",
          protocol_port: 80,
          default_pool: {
            protocol: "HTTP",
            lb_algorithm: "ROUND_ROBIN",
            tls_enabled: true,
            ca_tls_container_ref: caRef,
            members: [
              { address: stack.web1.fixed_ip, protocol_port: INSTANCE_HTTPS_PORT },
              { address: stack.web2.fixed_ip, protocol_port: INSTANCE_HTTPS_PORT },
            ],
            healthmonitor: { type: "HTTPS", delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
          },
        },
      ],
    });
    // Fails at once on ERROR, with the reason.
    await stack.untilActive(lb.id);
    const reencrypting = await stack.reach(lb);
    const bodies = await eventually(async () => {
      const got = await fetchBodies(`http://${reencrypting}/`, 4);
      return new Set(got).size === 2 ? got : undefined;
    }, 15_000, "both HTTPS members answering");
    expect(new Set(bodies)).toEqual(new Set(["web1", "web2"]));
    const config = await stack.driver.readConfig(lb.id);
    expect(config).toMatch(/server \S+ \S+:443 .*check-ssl .* ssl ca-file \S+\.pem verify required/);

    const pool = (await stack.api.pool.list.query({ loadbalancer_id: lb.id })).items[0]!;
    await stack.api.instance.stop.mutate({ id: stack.web2.id });
    try {
      await eventually(async () => {
        const members = (await stack.api.member.list.query({ pool_id: pool.id })).items;
        const web2 = members.find((m) => m.address === stack.web2.fixed_ip);
        return web2?.operating_status === "ERROR" ? true : undefined;
      }, 20_000, "web2 ERROR");
      expect(await fetchBodies(`http://${reencrypting}/`, 3)).toEqual(["web1", "web1", "web1"]);
    } finally {
      await stack.api.instance.start.mutate({ id: stack.web2.id });
    }
  });
});
