import { eq } from "drizzle-orm";
import { healthMonitors } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { conflictOnDuplicate } from "@/server/kernel/db-errors";
import { ConflictError, ValidationError } from "@/server/kernel/errors";
import { lockPoolParents } from "./locks";
import { findHealthMonitor, findPool } from "./lookup";
import { listPage, mapPage } from "./paging";
import { assertMonitorTypeEnabled } from "./provider";
import type { HealthMonitorType, PoolProtocol } from "./schemas/enums";
import {
  type HealthMonitorCreateInput,
  healthMonitorFilters,
  type HealthMonitorListInput,
  type HealthMonitorSpec,
  type HealthMonitorUpdateInput,
  httpMonitorDefaults,
} from "./schemas/healthMonitor";
import { domainNameRule, HTTP_ONLY_MONITOR_FIELDS, httpOnlyMonitorFieldRule, monitorTypeRule, udpConnectDelayRule } from "./schemas/rules";
import { announceCreated, setStatus, statusTarget } from "./status";
import { healthMonitorView } from "./views";

type HealthMonitorRow = typeof healthMonitors.$inferSelect;

const DUPLICATE = "This pool already has a health monitor";

const target = (row: HealthMonitorRow, lbId: string) => statusTarget("healthmonitor", row, lbId);

/** The type rules of a new monitor: enabled in this deployment, and valid for its pool. */
export function checkMonitorForPool(poolProtocol: PoolProtocol, type: HealthMonitorType, field: string): void {
  assertMonitorTypeEnabled(type, field);
  const message = monitorTypeRule(poolProtocol, type);
  if (message) throw new ValidationError(message, field);
}

/** Inserts a monitor in PENDING_CREATE with Octavia's defaults. Validation is the caller's. */
export async function insertHealthMonitor(
  ctx: ServiceContext,
  lbId: string,
  poolId: string,
  spec: HealthMonitorSpec,
): Promise<HealthMonitorRow> {
  await consumeQuota(ctx.db, ctx.projectId, "healthmonitor", quotaDefaults());
  const defaults = httpMonitorDefaults(spec.type);
  const [row] = await conflictOnDuplicate(
    () =>
      ctx.db
        .insert(healthMonitors)
        .values({
          project_id: ctx.projectId,
          pool_id: poolId,
          name: spec.name ?? "",
          admin_state_up: spec.admin_state_up ?? true,
          provisioning_status: "PENDING_CREATE",
          operating_status: "OFFLINE",
          type: spec.type,
          delay: spec.delay,
          timeout: spec.timeout,
          max_retries: spec.max_retries,
          max_retries_down: spec.max_retries_down ?? 3,
          http_method: spec.http_method ?? defaults.http_method,
          url_path: spec.url_path ?? defaults.url_path,
          expected_codes: spec.expected_codes ?? defaults.expected_codes,
          http_version: spec.http_version ?? null,
          domain_name: spec.domain_name ?? null,
          tags: spec.tags ?? [],
        })
        .returning(),
    { health_monitors_pool_unique: DUPLICATE },
  );
  if (!row) throw new Error("health monitor insert returned no row");
  await announceCreated(ctx.db, target(row, lbId), row);
  return row;
}

export async function listHealthMonitors(ctx: ServiceContext, input: HealthMonitorListInput = {}) {
  const page = await listPage(ctx, healthMonitors, input ?? {}, { filters: Object.keys(healthMonitorFilters) });
  return mapPage(page, (rows) => rows.map(healthMonitorView));
}

export async function getHealthMonitor(ctx: ServiceContext, id: string) {
  return healthMonitorView(await findHealthMonitor(ctx, id));
}

export function createHealthMonitor(ctx: ServiceContext, input: HealthMonitorCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const pool = await findPool(tx, input.pool_id);
    checkMonitorForPool(pool.protocol, input.type, "type");
    const [existing] = await tx.db.select({ id: healthMonitors.id }).from(healthMonitors).where(eq(healthMonitors.pool_id, pool.id));
    if (existing) throw new ConflictError(DUPLICATE, "pool_id");
    const lb = await lockPoolParents(tx, pool);
    const { pool_id: _p, ...spec } = input;
    return healthMonitorView(await insertHealthMonitor(tx, lb.id, pool.id, spec));
  });
}

export function updateHealthMonitor(ctx: ServiceContext, input: HealthMonitorUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const row = await findHealthMonitor(tx, input.id);
    const type = row.type;
    // The schema cannot see the stored type, so the type-dependent rules run here.
    for (const field of HTTP_ONLY_MONITOR_FIELDS) {
      const message = input[field] != null ? httpOnlyMonitorFieldRule(type, field) : null;
      if (message) throw new ValidationError(message, field);
    }
    const delayMessage = input.delay === undefined ? null : udpConnectDelayRule(type, input.delay);
    if (delayMessage) throw new ValidationError(delayMessage, "delay");
    if (input.domain_name != null) {
      const message = domainNameRule(input.domain_name);
      if (message) throw new ValidationError(message, "domain_name");
      if ((input.http_version ?? row.http_version) !== "1.1") {
        throw new ValidationError("domain_name requires http_version 1.1", "domain_name");
      }
    }
    const pool = await findPool(tx, row.pool_id);
    const lb = await lockPoolParents(tx, pool);
    const { id, type: _t, pool_id: _p, ...changes } = input;
    const defaults = httpMonitorDefaults(type);
    // Octavia: setting an HTTP field to null puts its default back.
    const set = {
      ...changes,
      ...(changes.http_method === null && { http_method: defaults.http_method }),
      ...(changes.url_path === null && { url_path: defaults.url_path }),
      ...(changes.expected_codes === null && { expected_codes: defaults.expected_codes }),
    };
    await tx.db.update(healthMonitors).set(set).where(eq(healthMonitors.id, id));
    await setStatus(tx.db, target(row, lb.id), { provisioning_status: "PENDING_UPDATE" });
    return healthMonitorView(await findHealthMonitor(tx, id));
  });
}

export function deleteHealthMonitor(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const row = await findHealthMonitor(tx, id);
    const pool = await findPool(tx, row.pool_id);
    const lb = await lockPoolParents(tx, pool);
    await setStatus(tx.db, target(row, lb.id), { provisioning_status: "PENDING_DELETE" });
  });
}
