import dgram from "node:dgram";

// The amphorae's push channel: each HAProxy sends its server state changes ("Server x/y is
// DOWN", "backend z has no server available") as syslog datagrams to this socket, tagged with
// its load balancer id (amphora/render.ts, healthLog). The health manager reads an amphora's
// stats when it hears from it, so detection is as fast as HAProxy's own checks while an idle
// fleet costs nothing. A datagram only says "look at this amphora": its text is never trusted.

export interface HealthLog {
  /** The port actually bound (the configured one, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

/** `<PRI>timestamp TAG[pid]: message`, where the tag is the load balancer id. */
const TAGGED = /^<\d{1,3}>(?:\S+\s+){1,3}?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\[\d+\]:/;

export function amphoraOf(datagram: string): string | null {
  return TAGGED.exec(datagram)?.[1] ?? null;
}

/** Listens on address:port; null when the port is taken (another controller on this host listens). */
export async function listenForHealthLog(address: string, port: number, onAmphora: (lbId: string) => void): Promise<HealthLog | null> {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (msg) => {
    const lbId = amphoraOf(msg.toString("latin1"));
    if (lbId) onAmphora(lbId);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, address, () => {
        socket.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    socket.close();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") return null;
    throw err;
  }
  socket.on("error", () => undefined); // a lost datagram is caught up by the next sweep
  return {
    port: socket.address().port,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
