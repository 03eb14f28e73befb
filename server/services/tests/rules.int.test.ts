import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import { expectRejection, type Settle, worldWithWebGraph } from "@/server/testing/fixtures";

// Octavia's rules through createCaller: each accepted and rejected, asserting the message.

let w: TestWorld;
let lbId: string;
let poolId: string;
let listenerId: string;
let accepted: Settle;

beforeAll(async () => {
  ({ w, lbId, poolId, listenerId, accepted } = await worldWithWebGraph());
});
afterAll(() => w.close());

describe("list bounds", () => {
  const listener = (port: number) => ({ protocol: "HTTP" as const, protocol_port: port });
  const member = (host: number) => ({ address: `10.0.${Math.floor(host / 250)}.${(host % 250) + 1}`, protocol_port: 80 });

  it.each([
    [{ listeners: Array.from({ length: 51 }, (_, i) => listener(8000 + i)) }, "listeners must have at most 50 entries"],
    [{ listeners: [{ ...listener(80), l7policies: Array(51).fill({ action: "REJECT" }) }] }, "l7policies must have at most 50 entries"],
    [
      { listeners: [{ ...listener(80), default_pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: Array.from({ length: 1001 }, (_, i) => member(i)) } }] },
      "members must have at most 1000 entries",
    ],
    [{ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "at most 50 tags"],
  ])("a graph create refuses %#", async (change, message) => {
    await expectRejection(w.caller.loadBalancer.create({ name: "too-many", vip_subnet_id: w.selfservice.id, ...change } as never), "BAD_REQUEST", message);
  });

  it("a member batch update refuses more than 1000 members, and a list filter more than 50 tags", async () => {
    await expectRejection(w.caller.member.batchUpdate({ pool_id: poolId, members: Array.from({ length: 1001 }, (_, i) => member(i)) }), "BAD_REQUEST", "members must have at most 1000 entries");
    await expectRejection(w.caller.loadBalancer.list({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } as never), "BAD_REQUEST", "tags must have at most 50 entries");
  });
});

describe("listener rules", () => {
  it("accepts a TCP listener with timeouts and rejects a duplicate port in the TCP family", async () => {
    const l = await accepted(
      w.caller.listener.create({ loadbalancer_id: lbId, protocol: "TCP", protocol_port: 8080, timeout_client_data: 1000, connection_limit: 10 }),
    );
    expect(l).toMatchObject({ protocol: "TCP", protocol_port: 8080, timeout_client_data: 1000, timeout_member_connect: 5000, connection_limit: 10 });
    await expectRejection(
      w.caller.listener.create({ loadbalancer_id: lbId, protocol: "HTTPS", protocol_port: 8080 }),
      "CONFLICT",
      "Another Listener on this Load Balancer is already using protocol HTTPS and protocol_port 8080",
    );
  });

  it.each([
    [{ protocol_port: 0 }, "protocol_port must be between 1 and 65535"],
    [{ protocol_port: 65536 }, "protocol_port must be between 1 and 65535"],
    [{ connection_limit: -2 }, "connection_limit must be between -1 and 100000"],
    [{ connection_limit: 100_001 }, "connection_limit must be between -1 and 100000"],
    [{ protocol: "TERMINATED_HTTPS", sni_container_refs: Array(51).fill("ref") }, "sni_container_refs must have at most 50 entries"],
    [{ alpn_protocols: Array(4).fill("h2") }, "alpn_protocols must have at most 3 entries"],
    [{ timeout_client_data: 2_073_600_001 }, "timeout_client_data must be between 0 and 2073600000"],
    [{ protocol: "TCP", insert_headers: { "X-Forwarded-For": true } }, "insert-headers is not a valid option for a TCP protocol listener."],
    [{ insert_headers: { "X-Evil": true } }, "insert_headers keys must be one of"],
    [{ name: "x".repeat(256) }, "name must be at most 255 characters"],
    [{ description: "x".repeat(256) }, "description must be at most 255 characters"],
    [{ surprise: 1 }, 'Unrecognized key: "surprise"'],
    [{ protocol: "UDP" }, "Provider 'amphora' does not support a requested option: UDP listeners"],
    [{ protocol: "TERMINATED_HTTPS" }, "Validation failure: An SNI or default certificate container reference must be provided for TERMINATED_HTTPS protocol listeners."],
  ])("rejects %j", async (change, message) => {
    await expectRejection(
      w.caller.listener.create({ loadbalancer_id: lbId, protocol: "HTTP", protocol_port: 9000, ...change } as never),
      "BAD_REQUEST",
      message,
    );
  });

  it("accepts insert_headers on HTTP, in the CLI's string form too", async () => {
    const l = await accepted(
      w.caller.listener.create({
        loadbalancer_id: lbId,
        protocol: "HTTP",
        protocol_port: 8081,
        insert_headers: { "X-Forwarded-For": "true", "X-Forwarded-Proto": true },
      }),
    );
    expect(l.insert_headers).toEqual({ "X-Forwarded-For": true, "X-Forwarded-Proto": true });
  });

  it("creates a listener with an inline default pool, members and monitor in one call (Octavia's default_pool)", async () => {
    const l = await accepted(
      w.caller.listener.create({
        loadbalancer_id: lbId,
        protocol: "HTTP",
        protocol_port: 8090,
        default_pool: {
          protocol: "HTTP",
          lb_algorithm: "LEAST_CONNECTIONS",
          members: [{ address: w.web3.fixed_ip, protocol_port: 80 }],
          healthmonitor: { type: "TCP", delay: 2, timeout: 1, max_retries: 2 },
        },
      }),
    );
    const pool = await w.caller.pool.get({ id: l.default_pool_id! });
    expect(pool).toMatchObject({ lb_algorithm: "LEAST_CONNECTIONS", listeners: [{ id: l.id }] });
    expect(pool.members).toHaveLength(1);
    expect(pool.healthmonitor_id).not.toBeNull();
    await expectRejection(
      w.caller.listener.create({
        loadbalancer_id: lbId,
        protocol: "HTTP",
        protocol_port: 8091,
        default_pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: "169.254.169.254", protocol_port: 80 }] },
      }),
      "BAD_REQUEST",
      "169.254.169.254 is not a valid option for member address: it is an address of the control plane.",
    );
    expect((await w.caller.listener.list({ loadbalancer_id: lbId })).items.some((x) => x.protocol_port === 8091)).toBe(false);
  });

  it("refuses to change protocol or port on update, and allows the mutable fields", async () => {
    await expectRejection(w.caller.listener.update({ id: listenerId, protocol_port: 81 } as never), "BAD_REQUEST", "protocol_port cannot be changed after creation");
    await expectRejection(w.caller.listener.update({ id: listenerId, protocol: "TCP" } as never), "BAD_REQUEST", "protocol cannot be changed after creation");
    const updated = await accepted(w.caller.listener.update({ id: listenerId, name: "renamed", connection_limit: 100, timeout_client_data: null }));
    expect(updated).toMatchObject({ name: "renamed", connection_limit: 100, timeout_client_data: 50000 });
  });
});

describe("pool rules", () => {
  it("applies the listener/pool protocol table", async () => {
    const tcp = await accepted(w.caller.listener.create({ loadbalancer_id: lbId, protocol: "TCP", protocol_port: 7000 }));
    await expectRejection(
      w.caller.pool.create({ listener_id: tcp.id, protocol: "UDP", lb_algorithm: "ROUND_ROBIN" }),
      "BAD_REQUEST",
      "The pool protocol 'UDP' is invalid while the listener protocol is 'TCP'.",
    );
    const pool = await accepted(w.caller.pool.create({ listener_id: tcp.id, protocol: "PROXY", lb_algorithm: "LEAST_CONNECTIONS" }));
    expect(pool.listeners).toEqual([{ id: tcp.id }]);
    expect((await w.caller.listener.get({ id: tcp.id })).default_pool_id).toBe(pool.id);
    await expectRejection(
      w.caller.pool.create({ listener_id: tcp.id, protocol: "TCP", lb_algorithm: "ROUND_ROBIN" }),
      "CONFLICT",
      "This listener already has a default pool",
    );
  });

  it.each([
    [{ session_persistence: { type: "HTTP_COOKIE", cookie_name: "c" } }, 'Field "cookie_name" can only be specified with session persistence of type "APP_COOKIE".'],
    [{ session_persistence: { type: "APP_COOKIE" } }, 'Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.'],
    [{ session_persistence: { type: "APP_COOKIE", cookie_name: "a b" } }, 'Supplied "cookie_name" is invalid.'],
    [{ session_persistence: { type: "APP_COOKIE", cookie_name: "a;b" } }, 'Supplied "cookie_name" is invalid.'],
    [{ session_persistence: { type: "APP_COOKIE", cookie_name: "c".repeat(256) } }, 'Supplied "cookie_name" is invalid.'],
    [{ protocol: "UDP", session_persistence: { type: "HTTP_COOKIE" } }, "Session persistence of type HTTP_COOKIE is not supported for UDP protocol pools; they allow SOURCE_IP."],
    [{ protocol: "TCP", session_persistence: { type: "HTTP_COOKIE" } }, "Session persistence of type HTTP_COOKIE is not supported for TCP protocol pools; they allow SOURCE_IP."],
    [{ protocol: "HTTPS", session_persistence: { type: "APP_COOKIE", cookie_name: "sid" } }, "Session persistence of type APP_COOKIE is not supported for HTTPS protocol pools"],
    [{ protocol: "PROXY", session_persistence: { type: "HTTP_COOKIE" } }, "Session persistence of type HTTP_COOKIE is not supported for PROXY protocol pools"],
    [{ lb_algorithm: "RANDOM" }, "lb_algorithm must be one of ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP, SOURCE_IP_PORT"],
    [{ lb_algorithm: "SOURCE_IP_PORT" }, "lb_algorithm SOURCE_IP_PORT is not supported"],
    [{ protocol: "QUIC" }, "protocol must be one of"],
  ])("rejects %j", async (change, message) => {
    await expectRejection(
      w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", ...change } as never),
      "BAD_REQUEST",
      message,
    );
  });

  it("accepts APP_COOKIE with a valid cookie name and SOURCE_IP on a UDP pool", async () => {
    const p = await accepted(
      w.caller.pool.create({
        loadbalancer_id: lbId,
        protocol: "HTTP",
        lb_algorithm: "SOURCE_IP",
        session_persistence: { type: "APP_COOKIE", cookie_name: "JSESSIONID" },
      }),
    );
    expect(p.session_persistence).toEqual({ type: "APP_COOKIE", cookie_name: "JSESSIONID" });
    const udp = await accepted(
      w.caller.pool.create({ loadbalancer_id: lbId, protocol: "UDP", lb_algorithm: "ROUND_ROBIN", session_persistence: { type: "SOURCE_IP" } }),
    );
    expect(udp.protocol).toBe("UDP");
    await expectRejection(w.caller.pool.update({ id: p.id, protocol: "TCP" } as never), "BAD_REQUEST", "protocol cannot be changed after creation");
  });

  it("refuses cookie persistence on a TCP pool wherever it is set: in a listener's default pool, and on update", async () => {
    await expectRejection(
      w.caller.listener.create({
        loadbalancer_id: lbId,
        protocol: "TCP",
        protocol_port: 9400,
        default_pool: { protocol: "TCP", lb_algorithm: "ROUND_ROBIN", session_persistence: { type: "HTTP_COOKIE" } },
      }),
      "BAD_REQUEST",
      "Session persistence of type HTTP_COOKIE is not supported for TCP protocol pools; they allow SOURCE_IP.",
    );
    const tcp = await accepted(w.caller.pool.create({ loadbalancer_id: lbId, protocol: "TCP", lb_algorithm: "ROUND_ROBIN" }));
    await expectRejection(
      w.caller.pool.update({ id: tcp.id, session_persistence: { type: "APP_COOKIE", cookie_name: "sid" } }),
      "BAD_REQUEST",
      "Session persistence of type APP_COOKIE is not supported for TCP protocol pools; they allow SOURCE_IP.",
    );
  });
});

describe("member rules", () => {
  it.each([
    [{ weight: 257 }, "weight must be between 0 and 256"],
    [{ weight: -1 }, "weight must be between 0 and 256"],
    [{ address: "not-an-ip" }, "address must be a valid IPv4 address"],
    [{ address: "127.0.0.1" }, "127.0.0.1 is not a valid option for member address: it is an address of the control plane."],
    [{ address: "10.9.0.5", subnet_id: "00000000-0000-4000-8000-000000000000" }, "Subnet 00000000-0000-4000-8000-000000000000 not found."],
    [{ monitor_port: 0 }, "monitor_port must be between 1 and 65535"],
  ])("rejects %j", async (change, message) => {
    await expectRejection(
      w.caller.member.create({ pool_id: poolId, address: w.web3.fixed_ip, protocol_port: 80, ...change } as never),
      "BAD_REQUEST",
      message,
    );
  });

  it("accepts weight 0 and a backup member, and rejects a duplicate address and port", async () => {
    const m = await accepted(w.caller.member.create({ pool_id: poolId, address: w.web3.fixed_ip, protocol_port: 80, weight: 0, backup: true }));
    expect(m).toMatchObject({ weight: 0, backup: true, provisioning_status: "PENDING_CREATE", operating_status: "OFFLINE" });
    await expectRejection(
      w.caller.member.create({ pool_id: poolId, address: w.web3.fixed_ip, protocol_port: 80 }),
      "CONFLICT",
      `Another member on this pool is already using ip ${w.web3.fixed_ip} on protocol_port 80`,
    );
    await expectRejection(w.caller.member.update({ id: m.id, address: w.web1.fixed_ip } as never), "BAD_REQUEST", "address cannot be changed after creation");
  });

  it("checks the member address against the subnet it names", async () => {
    await expectRejection(
      w.caller.member.create({ pool_id: poolId, address: w.db1.fixed_ip, protocol_port: 81, subnet_id: w.selfservice.id }),
      "BAD_REQUEST",
      "is not in subnet selfservice-subnet",
    );
    const m = await accepted(w.caller.member.create({ pool_id: poolId, address: w.db1.fixed_ip, protocol_port: 81, subnet_id: w.backend.id }));
    expect(m.subnet_id).toBe(w.backend.id);
  });

  it("batch update matches on address and port: creates, updates and deletes in one change", async () => {
    const before = (await w.caller.member.list({ pool_id: poolId })).items;
    const after = await accepted(
      w.caller.member.batchUpdate({
        pool_id: poolId,
        members: [
          { address: w.web1.fixed_ip, protocol_port: 80, weight: 5 },
          { address: w.web3.fixed_ip, protocol_port: 8080 },
        ],
      }),
    );
    const byKey = new Map(after.map((m) => [`${m.address}:${m.protocol_port}`, m]));
    expect(byKey.get(`${w.web1.fixed_ip}:80`)).toMatchObject({ weight: 5, provisioning_status: "PENDING_UPDATE" });
    expect(byKey.get(`${w.web3.fixed_ip}:8080`)).toMatchObject({ provisioning_status: "PENDING_CREATE" });
    const web1 = before.find((m) => m.address === w.web1.fixed_ip);
    expect(byKey.get(`${w.web1.fixed_ip}:80`)?.id).toBe(web1?.id);
    expect(after.filter((m) => m.provisioning_status === "PENDING_DELETE").map((m) => m.address)).toContain(w.web2.fixed_ip);
    // Listing the members as they are changes nothing: they stay ACTIVE.
    const same = await accepted(
      w.caller.member.batchUpdate({
        pool_id: poolId,
        members: after.filter((m) => m.provisioning_status !== "PENDING_DELETE").map((m) => ({ address: m.address, protocol_port: m.protocol_port, weight: m.weight })),
      }),
    );
    expect(same.length).toBe(2);
    expect(same.every((m) => m.provisioning_status === "ACTIVE")).toBe(true);
    await expectRejection(
      w.caller.member.batchUpdate({
        pool_id: poolId,
        members: [
          { address: w.web1.fixed_ip, protocol_port: 80 },
          { address: w.web1.fixed_ip, protocol_port: 80 },
        ],
      }),
      "CONFLICT",
      "Another member on this pool is already using ip",
    );
  });
});

describe("health monitor rules", () => {
  it("refuses a second monitor on a pool", async () => {
    await expectRejection(
      w.caller.healthMonitor.create({ pool_id: poolId, type: "TCP", delay: 5, timeout: 3, max_retries: 3 }),
      "CONFLICT",
      "This pool already has a health monitor",
    );
  });

  it.each([
    [{ type: "TCP", http_method: "GET" }, "http_method is not a valid option for health monitors of type TCP"],
    [{ type: "PING", url_path: "/x" }, "url_path is not a valid option for health monitors of type PING"],
    [{ type: "TCP", expected_codes: "200" }, "expected_codes is not a valid option for health monitors of type TCP"],
    [{ url_path: "health" }, "Value must be a valid URL Path string"],
    [{ url_path: "/a b" }, "Value must be a valid URL Path string"],
    [{ url_path: "http://evil/" }, "Value must be a valid URL Path string"],
    [{ url_path: "/x\n#" }, "Value must be a valid URL Path string"],
    [{ expected_codes: "2xx" }, "expected_codes must be a code (200), a list (200,202,204) or a range (200-204)"],
    [{ expected_codes: "204-200" }, "expected_codes range must go from the lower code to the higher one"],
    [{ max_retries: 11 }, "max_retries must be between 1 and 10"],
    [{ max_retries_down: 0 }, "max_retries_down must be between 1 and 10"],
    [{ delay: 0 }, "delay must be between 1 and 86400"],
    [{ http_method: "FETCH" }, "http_method must be one of"],
    [{ type: "UDP-CONNECT" }, "The health monitor type UDP-CONNECT is only valid for UDP and SCTP pools"],
    [{ domain_name: "example.com" }, "domain_name requires http_version 1.1"],
    [{ http_version: "1.1", domain_name: "bad_domain!" }, "domain_name must be a valid host name"],
  ])("rejects %j", async (change, message) => {
    const pool = await accepted(w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" }));
    await expectRejection(
      w.caller.healthMonitor.create({ pool_id: pool.id, type: "HTTP", delay: 5, timeout: 3, max_retries: 3, ...change } as never),
      "BAD_REQUEST",
      message,
    );
  });

  it("accepts expected_codes lists and ranges, UDP-CONNECT with delay 3 on a UDP pool, and locks the type on update", async () => {
    const pool = await accepted(w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" }));
    const hm = await accepted(
      w.caller.healthMonitor.create({ pool_id: pool.id, type: "HTTP", delay: 5, timeout: 3, max_retries: 3, expected_codes: "200,202,204", url_path: "/healthz?full=1" }),
    );
    expect(hm).toMatchObject({ expected_codes: "200,202,204", url_path: "/healthz?full=1", http_method: "GET", max_retries_down: 3 });
    const updated = await accepted(w.caller.healthMonitor.update({ id: hm.id, expected_codes: "200-204" }));
    expect(updated.expected_codes).toBe("200-204");
    await expectRejection(w.caller.healthMonitor.update({ id: hm.id, type: "TCP" } as never), "BAD_REQUEST", "type cannot be changed after creation");

    const udpPool = await accepted(w.caller.pool.create({ loadbalancer_id: lbId, protocol: "UDP", lb_algorithm: "ROUND_ROBIN" }));
    await expectRejection(
      w.caller.healthMonitor.create({ pool_id: udpPool.id, type: "UDP-CONNECT", delay: 2, timeout: 1, max_retries: 3 }),
      "BAD_REQUEST",
      "The request delay value 2 should be larger than 3 for UDP-CONNECT health monitor type.",
    );
    await expectRejection(
      w.caller.healthMonitor.create({ pool_id: udpPool.id, type: "HTTPS", delay: 5, timeout: 1, max_retries: 3 }),
      "BAD_REQUEST",
      "Health monitor type must be one of UDP-CONNECT, SCTP, TCP, HTTP",
    );
    const udpHm = await accepted(w.caller.healthMonitor.create({ pool_id: udpPool.id, type: "UDP-CONNECT", delay: 3, timeout: 1, max_retries: 3 }));
    expect(udpHm).toMatchObject({ type: "UDP-CONNECT", http_method: null, url_path: null, expected_codes: null });
    await expectRejection(w.caller.healthMonitor.update({ id: udpHm.id, url_path: "/" }), "BAD_REQUEST", "url_path is not a valid option for health monitors of type UDP-CONNECT");
  });
});

describe("load balancer rules", () => {
  it("update may change only name, description, admin_state_up and tags", async () => {
    await expectRejection(w.caller.loadBalancer.update({ id: lbId, vip_address: "10.0.0.9" } as never), "BAD_REQUEST", "vip_address cannot be changed after creation");
    const lb = await accepted(w.caller.loadBalancer.update({ id: lbId, name: "renamed", tags: ["prod"] }));
    expect(lb).toMatchObject({ name: "renamed", tags: ["prod"] });
  });

  it("needs a VIP subnet or network", async () => {
    await expectRejection(w.caller.loadBalancer.create({ name: "novip" }), "BAD_REQUEST", "VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.");
  });
});
