import path from "node:path";
import { eq } from "drizzle-orm";
import { openPglite } from "@/db/client";
import { loadBalancers, subnets } from "@/db/schema";
import { seedDemoCloud } from "@/server/cloud/seed";
import { Api } from "./api";
import { ANONYMOUS, expect, test, useSession } from "./fixtures";
import { LOAD_BALANCERS, recordListInputs, rowsOf } from "./pages";
import { freeTcpPort, type NextServer, startNextServer } from "./server";

// The Load Balancers page with 500 load balancers in the project: a server of its own (the shared
// one runs a controller, and 500 HAProxies are not the point), on a free port with its own demo
// address range, its database filled before it starts, no controller. The page must paint its
// first 20 rows from the server and never ask for more than a page.

const COUNT = 500;

let server: NextServer | undefined;

async function fillDatabase(dataDir: string, externalCidr: string): Promise<void> {
  const database = await openPglite(path.join(dataDir, "pglite"));
  try {
    const projectId = await seedDemoCloud(database.db, { externalCidr, projectName: "demo" });
    const [subnet] = await database.db.select().from(subnets).where(eq(subnets.name, "selfservice-subnet"));
    if (!subnet) throw new Error("the demo cloud has no selfservice-subnet");
    await database.db.insert(loadBalancers).values(
      Array.from({ length: COUNT }, (_, i) => ({
        project_id: projectId,
        name: `scale-${String(i).padStart(3, "0")}`,
        provisioning_status: "ACTIVE" as const,
        operating_status: "ONLINE" as const,
        vip_address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        vip_subnet_id: subnet.id,
        vip_network_id: subnet.network_id,
      })),
    );
  } finally {
    await database.close();
  }
}

// The browser starts logged out: cookies are per host, not per port, and the shared server's
// session cookie means nothing to this one. Pages and calls name this file's server.
test.use({ storageState: ANONYMOUS, viewport: { width: 1400, height: 1000 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startNextServer({ port: await freeTcpPort(), env: { CONTROLLER: "external" }, prepare: fillDatabase });
});
test.afterAll(async () => {
  await server?.stop();
});

/** The API of this file's server, as demo (logged in there at the first call). */
function apiOfServer(): Api {
  if (!server) throw new Error("the server with 500 load balancers did not start");
  return new Api(server.url);
}

test.describe("the load balancer list with 500 load balancers", () => {
  test("answers the page's HTML with the first 20 rows only", async () => {
    const api = apiOfServer();
    await api.session(); // logged in before the clock starts
    const started = performance.now();
    const res = await api.fetch(LOAD_BALANCERS);
    expect(res.status).toBe(200);
    const html = await res.text();
    const ms = performance.now() - started;
    console.log(`[e2e] ${LOAD_BALANCERS} with ${COUNT} load balancers: HTML in ${ms.toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB`);
    expect(html.match(/data-row-key="/g)).toHaveLength(20);
    expect(html).toContain("Displaying 20 items");
    expect(ms).toBeLessThan(5_000);
  });

  test("shows 20 rows at once, pages and searches on the server, and never asks for more than 20", async ({ page, context, saveScreenshot }) => {
    const api = apiOfServer();
    await useSession(context, await api.session());
    const inputs = recordListInputs(page);
    const table = page.getByRole("table", { name: "Load Balancers" });
    const started = performance.now();
    await page.goto(`${api.baseUrl}${LOAD_BALANCERS}`);
    await expect(rowsOf(table).nth(19)).toBeVisible();
    const ms = performance.now() - started;
    console.log(`[e2e] first page of ${COUNT} visible in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(10_000);
    await expect(rowsOf(table)).toHaveCount(20);
    await expect(page.getByTestId("item-count")).toContainText("Displaying 20 items");

    const firstRow = await rowsOf(table).first().getAttribute("data-row-key");
    await page.getByRole("navigation", { name: "Load Balancers pages" }).getByRole("button", { name: "Next »" }).click();
    await expect(rowsOf(table).first()).not.toHaveAttribute("data-row-key", firstRow ?? "");
    await expect(rowsOf(table)).toHaveCount(20);

    await page.getByLabel("Search load balancers").fill("scale-499");
    await expect(rowsOf(table)).toHaveCount(1);
    await expect(table.getByRole("link", { name: "scale-499", exact: true })).toBeVisible();
    await saveScreenshot("list-500-search");

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input).toMatchObject({ limit: 20 });
  });
});
