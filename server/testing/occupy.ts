import net from "node:net";
import { listenInNamespace } from "@/server/cloud/compute/netns-listen";

// A fault tests make for real: something else holds an address and port (a plain socket, without
// SO_REUSEPORT), so an amphora's HAProxy cannot bind there and its start or reload fails the way
// it does on a host where the port is taken. A VIP lives in its amphora's namespace, so that is
// where the port is held.

/** Holds address:port (inside `netns` when given) until `free` is called. */
export async function occupy(address: string, port: number, netns?: string): Promise<net.Server> {
  if (netns) {
    const [server] = (await listenInNamespace(netns, address, [port])).servers;
    server!.on("connection", (socket: net.Socket) => socket.destroy());
    return server!;
  }
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  return server;
}

export const free = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
