import { expect } from "@playwright/test";

// Traffic through a load balancer, the way a client outside the cloud sends it: plain HTTP to its
// floating IP (the test process is on the host, which reaches a VIP on a tenant subnet only
// through one: reach() in cloud.ts), a new connection per request so each may reach another member.

/** "<status> <body>" of GET http://<address><path> (address may carry a port), or "failed: …" when nothing answers. */
export async function httpGet(address: string, path = "/"): Promise<string> {
  try {
    const res = await fetch(`http://${address}${path}`, { signal: AbortSignal.timeout(2_000), headers: { connection: "close" } });
    return `${res.status} ${(await res.text()).trim()}`;
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
}

/**
 * Sends requests until the members that answered (the demo instances answer with their name)
 * are exactly `members`; fails with the ones seen so far when that does not happen within `timeout`.
 */
export async function expectServedBy(address: string, members: string[], timeout = 30_000): Promise<void> {
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const answer = await httpGet(address);
        if (answer.startsWith("200 ")) seen.add(answer.slice(4));
        return [...seen].sort();
      },
      { message: `http://${address}/ answered by ${members.join(" and ")}`, timeout },
    )
    .toEqual([...members].sort());
}

/** Waits until GET http://<address>/ answers 200 (`true`) or nothing answers at all (`false`). */
export async function expectAnswering(address: string, answering: boolean, timeout = 20_000): Promise<void> {
  await expect
    .poll(async () => (await httpGet(address)).startsWith(answering ? "200 " : "failed"), {
      message: `http://${address}/ ${answering ? "answering" : "silent"}`,
      timeout,
    })
    .toBe(true);
}
