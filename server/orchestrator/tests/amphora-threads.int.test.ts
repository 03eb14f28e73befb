import { afterAll, beforeAll, expect, it } from "vitest";
import { sendCommand } from "@/amphora/runtime-api";
import { amphoraRenderSettings, parseEnv } from "@/server/env";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, startStack } from "@/server/testing/stack";

// AMPHORA_THREADS, the operator's threads per load balancer, reaches the HAProxy that runs: the
// controller renders with the host's settings as server/runtime.ts hands them over.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ controller: { render: amphoraRenderSettings(parseEnv({ AMPHORA_THREADS: "2" })) } });
});

afterAll(async () => {
  await stack?.close();
});

it("runs each load balancer's HAProxy with AMPHORA_THREADS threads", async () => {
  const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack));
  await stack.untilActive(lb.id);
  const info = await sendCommand(stack.driver.paths(lb.id).statsSocket, "show info");
  expect(info).toMatch(/^Nbthread: 2$/m);
});
