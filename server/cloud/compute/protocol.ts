import { z } from "zod";
import { type NamespaceKind, namespaceName } from "@/server/network/names";

// Messages between the server and the compute agent process (Node IPC). The agent parses what it
// receives with these schemas: a namespace name reaches an `ip netns exec` command line, so
// nothing unchecked may get that far.

/**
 * Whether `name` is an instance's network namespace, `<prefix>-instance-<uuid>`: exactly what
 * the network engine's naming rules (names.ts) would make of some prefix and instance id.
 */
export function isInstanceNetns(name: string): boolean {
  return isNetnsOf("instance", name);
}

/** Whether `name` is exactly what names.ts makes for some prefix and id of this kind. */
export function isNetnsOf(kind: NamespaceKind, name: string): boolean {
  const parts = /^([^-]+)-[a-z]+-(.+)$/.exec(name);
  if (!parts) return false;
  try {
    return namespaceName(parts[1]!, kind, parts[2]!) === name;
  } catch {
    return false; // not a valid prefix or not an id
  }
}

export const instanceServerSchema = z.object({
  name: z.string(),
  address: z.ipv4(),
  port: z.number().int().min(1).max(65535),
  /**
   * The instance's network namespace: its servers listen there, on its fixed IP. Absent: they
   * listen on the host (an address in 127/8), as instances did before they had namespaces.
   */
  netns: z.string().refine(isInstanceNetns, "not an instance namespace name").optional(),
  /** HTTPS beside HTTP: the port and the instance's certificate (PEM) from the demo CA. */
  tls: z.object({ port: z.number().int().min(1).max(65535), cert: z.string(), key: z.string() }).optional(),
});

export type InstanceServer = z.infer<typeof instanceServerSchema>;

/** What tells two instance servers apart: one whose key changes is closed and started again. */
export const serverKey = (s: InstanceServer) => `${s.name}@${s.address}:${s.port}${s.tls ? `+${s.tls.port}` : ""}${s.netns ? ` in ${s.netns}` : ""}`;

/** The agent makes exactly these servers run: starts the missing, closes the rest. */
export const syncRequestSchema = z.object({
  type: z.literal("sync"),
  seq: z.number().int(),
  /** Each checked on its own, so one bad entry fails that instance only. */
  instances: z.array(z.unknown()),
});

export interface SyncRequest {
  type: "sync";
  seq: number;
  instances: InstanceServer[];
}

export interface SyncReply {
  type: "synced";
  seq: number;
  /** Servers that could not listen, with the reason (e.g. address in use, namespace gone). */
  failed: { name: string; error: string }[];
}
