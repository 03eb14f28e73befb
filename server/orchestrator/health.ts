import { deriveOperatingStatus } from "@/amphora/stats";
import type { Db } from "@/db/client";
import type { OperatingStatus, ResourceType } from "@/db/schema";
import { setStatus } from "@/server/services/status";
import type { ControllerDeps } from "./reconciler";
import { loadTree } from "./tree";

// The health manager: reads an amphora's `show stat`, derives every operating status from it
// (OCTAVIA.md's rules live in amphora/stats.ts), and writes only what changed, each change an
// event. Octavia learns this from heartbeats every 10 s; a local stats socket answers at once.

export async function checkHealth(deps: ControllerDeps, lbId: string): Promise<void> {
  await deps.database.tryWithLock(`lb:${lbId}`, async () => {
    const tree = await loadTree(deps.database.db, lbId);
    if (!tree || tree.lb.provisioning_status !== "ACTIVE") return;
    const rows = await deps.driver.showStat(lbId);
    const derived = deriveOperatingStatus(tree.model, rows);
    // Children first, so a stream reads bottom-up: member ERROR, then pool and load balancer DEGRADED.
    const current: { type: ResourceType; id: string; status: string; next: OperatingStatus | undefined }[] = [
      ...tree.rows.members.map((r) => ({ type: "member" as const, id: r.id, status: r.operating_status, next: derived.members[r.id] })),
      // A monitor has nothing in the stats: it is ONLINE while enabled.
      ...tree.rows.healthMonitors.map((r) => ({
        type: "healthmonitor" as const,
        id: r.id,
        status: r.operating_status,
        next: (r.admin_state_up ? "ONLINE" : "OFFLINE") as OperatingStatus,
      })),
      ...tree.rows.pools.map((r) => ({ type: "pool" as const, id: r.id, status: r.operating_status, next: derived.pools[r.id] })),
      ...tree.rows.listeners.map((r) => ({ type: "listener" as const, id: r.id, status: r.operating_status, next: derived.listeners[r.id] })),
      { type: "loadbalancer", id: tree.lb.id, status: tree.lb.operating_status, next: derived.loadbalancer },
    ];
    const changes = current.filter((c) => c.next !== undefined && c.next !== c.status);
    if (changes.length === 0) return;
    await deps.database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      for (const c of changes) {
        await setStatus(
          tx,
          { resource_type: c.type, id: c.id, loadbalancer_id: tree.lb.id, project_id: tree.lb.project_id },
          { operating_status: c.next },
        );
      }
    });
  });
}
