import { expect, it } from "vitest";
import { startStack } from "./stack";

// The guard of every integration test (host-traffic-guard.ts) refuses a request whose path
// leaves the host, and lets loopback and the cloud's external network through.
it("refuses a tenant address from the host, lets loopback and a floating IP through", async () => {
  await expect(fetch("http://10.0.0.2/", { signal: AbortSignal.timeout(2000) })).rejects.toThrow(/refusing to send http:\/\/10\.0\.0\.2\/ from the host/);
  const stack = await startStack();
  try {
    const lb = await stack.api.loadBalancer.create.mutate({
      name: "guarded",
      vip_subnet_id: stack.selfservice.id,
      listeners: [{ protocol: "HTTP", protocol_port: 80, default_pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: stack.web1.fixed_ip, protocol_port: 80 }] } }],
    });
    await stack.untilActive(lb.id);
    const fip = await stack.reach(lb);
    expect((await (await fetch(`http://${fip}/`)).text()).trim()).toBe("web1");
    await expect(fetch(`http://${lb.vip_address}/`)).rejects.toThrow(/refusing to send/);
    // The API on loopback is fine.
    expect((await fetch(stack.url.replace(/\/api\/trpc$/, "/api/trpc/provider.list"))).status).toBeLessThan(500);
  } finally {
    await stack.close();
  }
}, 180_000);
