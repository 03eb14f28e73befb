import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, eventually, startStack } from "@/server/testing/stack";

// L7 policies and rules carrying real traffic: the whole stack (API over HTTP, controller, real
// HAProxy, the demo instances as members) and plain HTTP requests through the VIP, sent from the
// test process to the floating IP the router forwards to it.

let stack: Stack;
let lbId = "";
/** Where the test process sends: the floating IP associated with the VIP. */
let entry = "";
let listenerId = "";
let apiPoolId = "";

beforeAll(async () => {
  stack = await startStack();
}, 120_000); // a whole stack on a busy 2-core machine
afterAll(() => stack?.close());

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

/** One request through the VIP with the headers given (Host included, which fetch will not set). */
function request(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: entry, port: 80, path, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: body.trim() }));
    });
    req.on("error", reject);
    req.end();
  });
}

const untilActive = () => stack.untilActive(lbId);

/** Waits until a request answers as expected (the apply is a hitless reload a moment after ACTIVE at most). */
const answers = (path: string, headers: Record<string, string>, check: (a: Answer) => boolean, what: string) =>
  eventually(async () => {
    const a = await request(path, headers);
    return check(a) ? a : undefined;
  }, 10_000, what);

describe("L7 routing through the VIP", () => {
  it("a listener whose default pool is web1, and a second pool with web2 for /api", async () => {
    const lb = await stack.api.loadBalancer.create.mutate({
      name: "l7",
      vip_subnet_id: stack.selfservice.id,
      listeners: [
        {
          protocol: "HTTP",
          protocol_port: 80,
          default_pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: stack.web1.fixed_ip, protocol_port: 80 }] },
        },
      ],
    });
    lbId = lb.id;
    listenerId = lb.listeners[0]!.id;
    await untilActive();
    entry = await stack.reach(lb);
    const pool = await stack.api.pool.create.mutate({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" });
    apiPoolId = pool.id;
    await untilActive();
    await stack.api.member.create.mutate({ pool_id: apiPoolId, address: stack.web2.fixed_ip, protocol_port: 80 });
    await untilActive();
    expect((await answers("/", {}, (a) => a.body === "web1", "web1 at /")).status).toBe(200);
  });

  it("a PATH STARTS_WITH /api rule sends requests to the other pool", async () => {
    const policy = await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      name: "api",
      action: "REDIRECT_TO_POOL",
      redirect_pool_id: apiPoolId,
      rules: [{ type: "PATH", compare_type: "STARTS_WITH", value: "/api" }],
    });
    await untilActive();
    await answers("/api/users", {}, (a) => a.body === "web2", "web2 at /api/users");
    expect((await request("/")).body).toBe("web1");
    expect((await request("/app/api")).body).toBe("web1");
    // The controller set the policy and its rule ACTIVE and, being enabled, ONLINE.
    const tree = await stack.api.loadBalancer.statusTree.query({ id: lbId });
    const node = tree.loadbalancer.listeners[0]!.l7policies!.find((p) => p.id === policy.id)!;
    expect(node).toMatchObject({ provisioning_status: "ACTIVE", operating_status: "ONLINE", rules: [{ type: "PATH", provisioning_status: "ACTIVE", operating_status: "ONLINE" }] });
  });

  it("a HOST_NAME rule redirects to a URL with 302 and the Location asked for", async () => {
    await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REDIRECT_TO_URL",
      redirect_url: "https://new.example.com/landing?from=old&x=%41#top",
      rules: [{ type: "HOST_NAME", compare_type: "EQUAL_TO", value: "old.example.com" }],
    });
    await untilActive();
    const moved = await answers("/anything", { host: "OLD.example.com" }, (a) => a.status === 302, "302 for old.example.com");
    expect(moved.location).toBe("https://new.example.com/landing?from=old&x=%41#top");
    expect((await request("/", { host: "other.example.com" })).body).toBe("web1");
  });

  it("a HEADER rule rejects with 403, its value matched exactly however hostile its characters", async () => {
    await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REJECT",
      rules: [{ type: "HEADER", key: "X-Block", compare_type: "EQUAL_TO", value: `"yes # it's \\ $HOME"` }],
    });
    await untilActive();
    const value = `yes # it's \\ $HOME`;
    await answers("/", { "x-block": value }, (a) => a.status === 403, "403 with X-Block");
    expect((await request("/", { "x-block": "yes" })).body).toBe("web1");
    expect((await request("/", { "x-block": `${value}x` })).body).toBe("web1");
    expect((await request("/", { "x-block": value.replace("\\", "") })).body).toBe("web1");
    expect((await request("/")).body).toBe("web1");
  });

  it("an inverted rule: /admin is refused unless the right token comes with it", async () => {
    await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REJECT",
      rules: [
        { type: "PATH", compare_type: "STARTS_WITH", value: "/admin" },
        { type: "HEADER", key: "X-Token", compare_type: "EQUAL_TO", value: "s3cr#t", invert: true },
      ],
    });
    await untilActive();
    await answers("/admin", {}, (a) => a.status === 403, "403 for /admin without a token");
    expect((await request("/admin", { "x-token": "wrong" })).status).toBe(403);
    expect((await request("/admin", { "x-token": "s3cr#t" })).body).toBe("web1");
    expect((await request("/public")).body).toBe("web1");
  });

  it("moving a policy to position 1 changes which one wins", async () => {
    const reject = await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REJECT",
      position: 1,
      rules: [{ type: "PATH", compare_type: "STARTS_WITH", value: "/both" }],
    });
    await untilActive();
    const toPool = await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REDIRECT_TO_POOL",
      redirect_pool_id: apiPoolId,
      rules: [{ type: "PATH", compare_type: "STARTS_WITH", value: "/both" }],
    });
    await untilActive();
    expect(toPool.position).toBeGreaterThan(reject.position);
    await answers("/both", {}, (a) => a.status === 403, "the REJECT at position 1 wins");
    await stack.api.l7Policy.update.mutate({ id: toPool.id, position: 1 });
    await untilActive();
    await answers("/both", {}, (a) => a.body === "web2", "the pool at position 1 wins");
    expect((await stack.api.l7Policy.get.query({ id: reject.id })).position).toBe(2);
  });

  it("a disabled policy, or one whose rules are all disabled, matches nothing", async () => {
    const policy = await stack.api.l7Policy.create.mutate({
      listener_id: listenerId,
      action: "REJECT",
      position: 1,
      rules: [{ type: "PATH", compare_type: "EQUAL_TO", value: "/off" }],
    });
    await untilActive();
    await answers("/off", {}, (a) => a.status === 403, "403 at /off");
    await stack.api.l7Rule.update.mutate({ id: policy.rules[0]!.id, admin_state_up: false });
    await untilActive();
    await answers("/off", {}, (a) => a.body === "web1", "a policy with no enabled rule matches nothing");
    await stack.api.l7Policy.delete.mutate({ id: policy.id });
    await untilActive();
    await expect(stack.api.l7Policy.get.query({ id: policy.id })).rejects.toThrow("not found");
  });
});
