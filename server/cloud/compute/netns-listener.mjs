// Run as `ip netns exec <namespace> node netns-listener.mjs <address> <port>...` by the compute
// agent (netns-listen.ts), with an IPC channel. A socket belongs to the network namespace it was
// created in, whichever process holds it later: this script creates the listening sockets inside
// the instance's namespace, hands each to the agent over the channel, and exits, so the agent's
// one event loop serves every namespace. Plain JavaScript so it starts with bare node, in tens of
// milliseconds rather than the hundreds tsx takes. Every port listens before any is sent: a port
// that cannot listen fails the instance with none of its sockets handed over.
import fs from "node:fs";
import net from "node:net";

const [address, ...ports] = process.argv.slice(2);

/** The namespace's identity: the agent compares it with /run/netns/<name> to notice a deleted namespace. */
const netnsInode = fs.statSync("/proc/self/ns/net").ino;

const listen = (port) =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ host: address, port: Number(port), exclusive: true }, () => resolve(server));
  });

const send = (message, handle) => new Promise((resolve, reject) => process.send(message, handle, (err) => (err ? reject(err) : resolve())));

try {
  const servers = await Promise.all(ports.map(listen));
  for (const [i, server] of servers.entries()) await send({ type: "listening", port: Number(ports[i]), netnsInode }, server);
  process.exit(0);
} catch (err) {
  await send({ type: "error", error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
  process.exit(1);
}
