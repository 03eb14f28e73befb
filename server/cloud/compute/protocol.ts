// Messages between the server and the compute agent process (Node IPC).

export interface InstanceServer {
  name: string;
  address: string;
  port: number;
  /** HTTPS beside HTTP: the port and the instance's certificate (PEM) from the demo CA. */
  tls?: { port: number; cert: string; key: string };
}

/** The agent makes exactly these servers run: starts the missing, closes the rest. */
export interface SyncRequest {
  type: "sync";
  seq: number;
  instances: InstanceServer[];
}

export interface SyncReply {
  type: "synced";
  seq: number;
  /** Servers that could not listen, with the reason (e.g. address in use). */
  failed: { name: string; error: string }[];
}
