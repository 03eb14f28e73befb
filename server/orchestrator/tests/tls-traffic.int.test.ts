import https from "node:https";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pemBundle, type TestCa, testCa, type TestCert } from "@/server/testing/certificates";
import { INSTANCE_HTTPS_PORT, demoCa } from "@/server/cloud/compute/demo-ca";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// TERMINATED_HTTPS with real TLS handshakes: HTTPS through the VIP and a floating IP, SNI picking
// each host's certificate, mutual TLS, and a certificate rotated under load without a failed
// request. The whole stack: API over HTTP, controller, real HAProxy, demo instances as members.

let stack: Stack;
let ca: TestCa;
let lbId = "";
let vip = "";
let listenerId = "";
const refs: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  ca = testCa("TLS Traffic Test CA");
  const upload = async (name: string, payload: string) => {
    refs[name] = (await stack.api.secret.create.mutate({ name, payload, payload_content_type: "text/plain" })).secret_ref;
  };
  await upload("www", pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })));
  await upload("api", pemBundle(ca.issue({ cn: "api.example.test", sans: ["api.example.test"] })));
  await upload("www2", pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })));
  await upload("ca", ca.cert);
}, 120_000); // a whole stack on a busy 2-core machine
afterAll(() => stack?.close());

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
    listenerId = (await stack.api.listener.list.query({ loadbalancer_id: lbId })).items[0]!.id;
    const listener = await stack.api.listener.get.query({ id: listenerId });
    expect(listener).toMatchObject({ tls_versions: ["TLSv1.2", "TLSv1.3"], alpn_protocols: ["h2", "http/1.1", "http/1.0"], client_authentication: "NONE" });

    const www = await eventually(() => get(vip).catch(() => undefined), 10_000, "HTTPS answer");
    expect(www).toMatchObject({ status: 200, body: "web1", cn: "www.example.test" });
    expect((await get(vip, { servername: "api.example.test" })).cn).toBe("api.example.test");
    // A name no certificate has gets the default one.
    expect((await get(vip, { servername: "other.example.test" }).catch((e: Error) => e.message))).toMatch(/altnames|www.example.test/);
  });

  it("serves the same certificate on a floating IP", async () => {
    const publicNet = (await stack.api.network.list.query()).find((n) => n.name === "public")!;
    const fip = await stack.api.floatingIp.allocate.mutate({ floating_network_id: publicNet.id });
    const lb = await stack.api.loadBalancer.get.query({ id: lbId });
    await stack.api.floatingIp.associate.mutate({ id: fip.id, port_id: lb.vip_port_id! });
    await untilActive();
    const answer = await eventually(() => get(fip.floating_ip_address).catch(() => undefined), 10_000, "HTTPS on the floating IP");
    expect(answer).toMatchObject({ status: 200, body: "web1", cn: "www.example.test" });
  });

  it("refuses to delete a secret the listener uses, naming it", async () => {
    const id = refs.api!.split("/").at(-1)!;
    await expect(stack.api.secret.delete.mutate({ id })).rejects.toThrow(`Secret ${id} is in use by listener ${listenerId}`);
  });

  it("rotates the default certificate under load with no failed request", async () => {
    const before = await get(vip);
    let failures = 0;
    let served = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        await get(vip).then(
          (a) => (a.status === 200 ? served++ : failures++),
          () => failures++,
        );
      }
    })();
    await stack.api.listener.update.mutate({ id: listenerId, default_tls_container_ref: refs.www2 });
    await untilActive();
    const after = await eventually(async () => {
      const a = await get(vip);
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
    const answer = await eventually(() => get(vip, { client }).catch(() => undefined), 10_000, "mutual TLS answer");
    expect(answer.status).toBe(200);
    await expect(get(vip)).rejects.toThrow();
    const stranger = testCa("Stranger CA").issue({ cn: "stranger" });
    await expect(get(vip, { client: stranger })).rejects.toThrow();
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
    const untilLbActive = () =>
      eventually(async () => ((await stack.api.loadBalancer.get.query({ id: lb.id })).provisioning_status === "ACTIVE" ? true : undefined), 30_000, "ACTIVE");
    await untilLbActive();
    const bodies = await eventually(async () => {
      const got = await fetchBodies(`http://${lb.vip_address}/`, 4);
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
      expect(await fetchBodies(`http://${lb.vip_address}/`, 3)).toEqual(["web1", "web1", "web1"]);
    } finally {
      await stack.api.instance.start.mutate({ id: stack.web2.id });
    }
  });
});
