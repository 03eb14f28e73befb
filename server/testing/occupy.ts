import net from "node:net";

// A fault tests make for real: something else holds an address and port (a plain socket, without
// SO_REUSEPORT), so an amphora's HAProxy cannot bind there and its start or reload fails the way
// it does on a host where the port is taken.

/** Holds address:port until `free` is called. */
export async function occupy(address: string, port: number): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  return server;
}

export const free = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
