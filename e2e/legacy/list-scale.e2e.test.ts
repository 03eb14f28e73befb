import path from "node:path";
import { type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "@/db/client";
import { eq } from "drizzle-orm";
import { loadBalancers, subnets } from "@/db/schema";
import { seedDemoCloud } from "@/db/seed";
import { fetchAs, sessionOf } from "./api";
import { openBrowserPerTest, screenshot, UI_TIMEOUT_MS } from "./browser";
import { type NextServer, startNextServer } from "./server";

// The Load Balancers page with 500 load balancers in the project, in Debian's Chromium: a server
// of its own (the shared one runs a controller, and 500 HAProxies are not the point), its
// database filled before it starts, no controller. The page must paint its first 20 rows from
// the server and never ask for more than a page.

const COUNT = 500;
const PORT = Number(process.env.E2E_SCALE_PORT ?? 3101);
const OCTET = 31;
const LIST_PATH = "/project/network/load-balancers";

let page: Page;
let server: NextServer;
// Logged in to this file's own server (cookies are per host, not per port: one server's session
// cookie would be sent to the other).
openBrowserPerTest(
  (p) => {
    page = p;
  },
  { width: 1400, height: 1000 },
  { baseUrl: () => server.url },
);

beforeAll(async () => {
  server = await startNextServer({
    port: PORT,
    env: { DEMO_OCTET: String(OCTET), CONTROLLER: "external" },
    prepare: async (dataDir) => {
      const database = await openPglite(path.join(dataDir, "pglite"));
      try {
        const projectId = await seedDemoCloud(database.db, { octet: OCTET, projectName: "demo" });
        const [subnet] = await database.db.select().from(subnets).where(eq(subnets.name, "selfservice-subnet"));
        if (!subnet) throw new Error("the demo cloud has no selfservice-subnet");
        await database.db.insert(loadBalancers).values(
          Array.from({ length: COUNT }, (_, i) => ({
            project_id: projectId,
            name: `scale-${String(i).padStart(3, "0")}`,
            provisioning_status: "ACTIVE" as const,
            operating_status: "ONLINE" as const,
            vip_address: `10.${OCTET}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
            vip_subnet_id: subnet.id,
            vip_network_id: subnet.network_id,
          })),
        );
      } finally {
        await database.close();
      }
    },
  });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const rowCount = () => page.getByRole("table", { name: "Load Balancers" }).locator("tbody tr[data-row-key]").count();

function listInputsOf(p: Page): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  p.on("request", (req: Request) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith("/api/trpc/")) return;
    const batch = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, Record<string, unknown>>;
    url.pathname
      .slice("/api/trpc/".length)
      .split(",")
      .forEach((procedure, i) => {
        if (procedure === "loadBalancer.list") inputs.push(batch[String(i)] ?? {});
      });
  });
  return inputs;
}

describe("the load balancer list with 500 load balancers", () => {
  it("answers the page's HTML with the first 20 rows only", async () => {
    await sessionOf("demo", server.url); // logged in before the clock starts
    const started = performance.now();
    const res = await fetchAs(LIST_PATH, { baseUrl: server.url });
    expect(res.status).toBe(200);
    const html = await res.text();
    const ms = performance.now() - started;
    console.log(`[e2e] ${LIST_PATH} with ${COUNT} load balancers: HTML in ${ms.toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB`);
    expect(html.match(/data-row-key="/g)).toHaveLength(20);
    expect(html).toContain("Displaying 20 items");
    expect(ms).toBeLessThan(5_000);
  });

  it("shows 20 rows at once, pages and searches on the server, and never asks for more than 20", async () => {
    const inputs = listInputsOf(page);
    const started = performance.now();
    await page.goto(`${server.url}${LIST_PATH}`);
    await page.getByRole("table", { name: "Load Balancers" }).locator("tbody tr[data-row-key]").nth(19).waitFor();
    const ms = performance.now() - started;
    console.log(`[e2e] first page of ${COUNT} visible in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(await rowCount()).toBe(20);
    await page.getByTestId("item-count").getByText("Displaying 20 items").waitFor();

    const table = page.getByRole("table", { name: "Load Balancers" });
    const firstRow = await table.locator("tbody tr[data-row-key]").first().getAttribute("data-row-key");
    await page.getByRole("navigation", { name: "Load Balancers pages" }).getByRole("button", { name: "Next »" }).click();
    await expect.poll(() => table.locator("tbody tr[data-row-key]").first().getAttribute("data-row-key"), { timeout: UI_TIMEOUT_MS }).not.toBe(firstRow);
    expect(await rowCount()).toBe(20);

    await page.getByLabel("Search load balancers").fill("scale-499");
    await expect.poll(rowCount, { timeout: UI_TIMEOUT_MS }).toBe(1);
    await table.getByRole("link", { name: "scale-499", exact: true }).waitFor();
    await screenshot(page, "list-500-search");

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input).toMatchObject({ limit: 20 });
  });
});
