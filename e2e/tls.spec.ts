import https from "node:https";
import type { Page } from "@playwright/test";
import { issueCertificate } from "../server/keymanager/issue";
import { type LoadBalancer, reach, subnetNamed, uniqueName } from "./cloud";
import { expect, test } from "./fixtures";
import { detailValue, fieldIn, openLoadBalancers } from "./pages";

// TLS from the dashboard: a certificate uploaded in Project > Key Manager > Secrets, a
// TERMINATED_HTTPS load balancer made with it in the wizard, HTTPS through its VIP (reached at a
// floating IP), checked against the test's own CA, and the listener's page listing its TLS fields.

const dialogOf = (page: Page) => page.getByRole("dialog", { name: "Create Load Balancer" });
const field = (page: Page, label: string) => fieldIn(dialogOf(page), label);

/** "<status> <body>" of GET https://<address>/ with `ca` trusted and `servername` asked for. */
function httpsGet(address: string, ca: string, servername: string): Promise<string> {
  return new Promise((resolve) => {
    const req = https.get({ host: address, port: 443, path: "/", ca, servername, agent: false, timeout: 2_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(`${res.statusCode} ${body.trim()}`));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (err) => resolve(`failed: ${err.message}`));
  });
}

test("uploads a certificate, creates a TERMINATED_HTTPS load balancer in the wizard, and serves HTTPS", async ({ page, api, saveScreenshot }) => {
  const ca = issueCertificate({ cn: "E2E TLS CA", ca: true });
  const host = "shop.e2e.test";
  const server = issueCertificate({ cn: host, sans: [host] }, ca);
  const secretName = uniqueName("shop-cert");

  await page.goto("/project/key-manager/secrets");
  await page.getByRole("button", { name: "Upload Secret" }).click();
  const upload = page.getByRole("dialog", { name: "Upload Secret" });
  await fieldIn(upload, "Name").fill(secretName);
  await upload.getByLabel("Or paste PEM").fill(server.cert + server.key);
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload).not.toBeAttached();
  const row = page.getByRole("table", { name: "Secrets" }).locator("tbody tr", { hasText: secretName });
  await expect(row).toContainText(host);
  await expect(row).toContainText("Certificate and key");
  await saveScreenshot("tls-1-secret");

  const subnet = await subnetNamed(api, "selfservice-subnet");
  await openLoadBalancers(page);
  await page.getByRole("button", { name: "Create Load Balancer" }).click();
  const dialog = dialogOf(page);
  const name = uniqueName("tls");
  await field(page, "Name").fill(name);
  const subnetSelect = field(page, "Subnet");
  await expect(subnetSelect.locator(`option[value="${subnet.id}"]`)).toBeAttached();
  await subnetSelect.selectOption(subnet.id);
  await dialog.getByRole("button", { name: "Next" }).click();

  await expect(dialog.getByRole("heading", { name: "Listener Details" })).toBeVisible();
  await field(page, "Protocol").selectOption("TERMINATED_HTTPS");
  await expect(field(page, "Port")).toHaveValue("443");
  const certificate = field(page, "Default Certificate");
  await expect(certificate.locator("option", { hasText: secretName })).toBeAttached();
  await certificate.selectOption({ label: (await certificate.locator("option", { hasText: secretName }).textContent()) ?? "" });
  await saveScreenshot("tls-2-listener");
  await dialog.getByRole("button", { name: "Next" }).click();

  await expect(dialog.getByRole("heading", { name: "Pool Details" })).toBeVisible();
  await expect(field(page, "Protocol")).toHaveValue("HTTP");
  await dialog.getByRole("button", { name: "Next" }).click();
  await expect(dialog.getByRole("heading", { name: "Pool Members" })).toBeVisible();
  await dialog.getByRole("button", { name: "Add web1" }).click();
  // The member port follows the listener's 443, where the instances speak HTTPS; this pool is plain HTTP.
  await field(page, "Port of web1").fill("80");
  await dialog.getByRole("button", { name: "Next" }).click();
  await expect(dialog.getByRole("heading", { name: "Monitor Details" })).toBeVisible();
  await field(page, "Delay (sec)").fill("1");
  await field(page, "Timeout (sec)").fill("1");
  await field(page, "Max Retries").fill("2");
  await dialog.getByRole("button", { name: "Create Load Balancer" }).click();
  await expect(dialog).not.toBeAttached();
  await expect(page.getByRole("status").getByText(`Created load balancer ${name}`)).toBeVisible();

  const lb = (await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { limit: 1000 })).items.find((x) => x.name === name);
  expect(lb).toBeDefined();
  const address = await reach(api, lb!);
  await expect
    .poll(() => httpsGet(address, ca.cert, host), { message: `https://${address}/ with ${host}'s certificate`, timeout: 30_000 })
    .toBe("200 web1");

  const [listener] = (await api.query<{ items: { id: string }[] }>("listener.list", { loadbalancer_id: lb!.id })).items;
  await page.goto(`/project/network/load-balancers/${lb!.id}/listeners/${listener?.id}`);
  const details = page.getByRole("region", { name: "Listener Details" });
  await expect(detailValue(details, "Default Certificate")).toContainText(`${secretName} (${host}`);
  await expect(detailValue(details, "SNI Certificates")).toHaveText("-");
  await expect(detailValue(details, "Client Authentication")).toHaveText("NONE");
  await expect(detailValue(details, "TLS Versions")).toHaveText("TLSv1.2, TLSv1.3");
  await expect(detailValue(details, "ALPN Protocols")).toHaveText("h2, http/1.1, http/1.0");
  await saveScreenshot("tls-3-listener-page");
});
