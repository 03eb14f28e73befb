import type { z } from "zod";
import { LISTENER_FORM_FIELDS, listenerOnPort } from "@/components/forms/listener-form";
import { delayRule, MONITOR_FORM_FIELDS } from "@/components/forms/monitor-form";
import { POOL_FORM_FIELDS } from "@/components/forms/pool-form";
import { parseNumber } from "@/components/forms/values";
import { UNSUPPORTED_LISTENER_PROTOCOLS } from "@/server/services/schemas/enums";
import { healthMonitorSpec } from "@/server/services/schemas/healthMonitor";
import { listenerCreateInput, listenerSpec } from "@/server/services/schemas/listener";
import { loadBalancerCreateInput } from "@/server/services/schemas/loadBalancer";
import { memberSpec } from "@/server/services/schemas/member";
import { poolSpec } from "@/server/services/schemas/pool";
import { algorithmRule, duplicateMemberMessage } from "@/server/services/schemas/rules";
import { buildGraph, buildListenerGraph } from "./build-graph";
import { isInCidr } from "@/server/cloud/cidr";
import { effectiveParts, LOAD_BALANCER_MODE, type WizardMode, type WizardState } from "./state";

// Inline validation with the API's own zod schemas: the assembled graph is parsed, and so is
// each part on its own (zod skips an object's cross-field rules once a field inside it fails,
// so parsing the parts shows every error at once, not one layer per attempt). Issue paths are
// graph paths ("listeners.0.default_pool.members.1.weight"); fieldKeyOfPath turns them into the
// form's field keys ("member.m7.weight"), which the steps look their errors up by.

/** Field key -> messages. The key "_" holds what belongs to no field (shown above the form). */
export type FieldErrors = Record<string, string[]>;

export const TOP = "_";

const LB_FIELDS = new Set(["name", "description", "vip_address", "vip_subnet_id", "admin_state_up"]);
const LISTENER_FIELDS = new Set(LISTENER_FORM_FIELDS);
const POOL_FIELDS = new Set(POOL_FORM_FIELDS);
const MEMBER_FIELDS = new Set(["address", "protocol_port", "weight"]);
const MONITOR_FIELDS = new Set(MONITOR_FORM_FIELDS);

type Path = readonly PropertyKey[];

/** The form field a graph path concerns, or TOP when the form has no field for it. */
export function fieldKeyOfPath(path: Path, state: WizardState): string {
  const [head, , ...listener] = path;
  if (head !== "listeners") {
    if (head === "vip_network_id") return "lb.vip_subnet_id";
    return typeof head === "string" && LB_FIELDS.has(head) ? `lb.${head}` : TOP;
  }
  if (path.length === 1) return TOP;
  const [field, ...pool] = listener;
  if (field === undefined) return TOP;
  if (field !== "default_pool") return typeof field === "string" && LISTENER_FIELDS.has(field) ? `listener.${field}` : TOP;
  const [poolField, ...rest] = pool;
  if (poolField === "members") {
    const index = rest[0];
    const member = typeof index === "number" ? state.members[index] : undefined;
    if (!member) return "members";
    const memberField = rest[1];
    // Anything about the member that has no cell of its own (subnet_id, name) goes on its address.
    return `member.${member.key}.${typeof memberField === "string" && MEMBER_FIELDS.has(memberField) ? memberField : "address"}`;
  }
  if (poolField === "healthmonitor") {
    const monitorField = rest[0] ?? "type";
    return typeof monitorField === "string" && MONITOR_FIELDS.has(monitorField) ? `monitor.${monitorField}` : TOP;
  }
  if (poolField === "session_persistence") return rest[0] === "cookie_name" ? "pool.cookie_name" : "pool.session_persistence";
  if (poolField === undefined) return TOP;
  return typeof poolField === "string" && POOL_FIELDS.has(poolField) ? `pool.${poolField}` : TOP;
}

function add(errors: FieldErrors, key: string, message: string) {
  const list = (errors[key] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** In listener mode the listener's paths are top-level ("protocol_port"): as graph paths, they are under listeners.0. */
const graphPrefix = (mode: WizardMode): Path => (mode.kind === "listener" ? ["listeners", 0] : []);

/** Server fieldErrors ("listeners.0.protocol_port" -> messages) as form field keys. */
export function mapServerFieldErrors(
  fieldErrors: Record<string, string[]>,
  state: WizardState,
  mode: WizardMode = LOAD_BALANCER_MODE,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [dotted, messages] of Object.entries(fieldErrors)) {
    const path = dotted === TOP || dotted === "" ? [] : dotted.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const key = path.length === 0 ? TOP : fieldKeyOfPath([...graphPrefix(mode), ...path], state);
    for (const message of messages) add(errors, key, key === TOP && path.length > 0 ? `${dotted}: ${message}` : message);
  }
  return errors;
}

function addIssues(errors: FieldErrors, result: z.ZodSafeParseResult<unknown>, prefix: Path, state: WizardState) {
  if (result.success) return;
  for (const issue of result.error.issues) {
    const path = [...prefix, ...issue.path];
    const key = fieldKeyOfPath(path, state);
    add(errors, key, key === TOP && path.length > 0 ? `${path.join(".")}: ${issue.message}` : issue.message);
  }
}

/** Rules the form has that the schemas cannot know (the subnet's CIDR) or that only Horizon has. */
function clientRules(state: WizardState, errors: FieldErrors, mode: WizardMode) {
  const parts = effectiveParts(state);
  const subnet = state.lb.vip_subnet;
  const vip = state.lb.vip_address.trim();
  if (mode.kind === "loadbalancer") {
    if (!subnet) add(errors, "lb.vip_subnet_id", "Select the subnet the VIP address is taken from.");
    else if (vip !== "" && !errors["lb.vip_address"] && !isInCidr(vip, subnet.cidr)) {
      add(errors, "lb.vip_address", `IP address ${vip} is not in subnet ${subnet.name} (${subnet.cidr}).`);
    }
  }
  if (parts.listener) {
    const reason = UNSUPPORTED_LISTENER_PROTOCOLS[state.listener.protocol];
    if (reason) add(errors, "listener.protocol", `Provider 'amphora' does not support a requested option: ${reason}.`);
  }
  if (mode.kind === "listener" && !errors["listener.protocol_port"]) {
    const port = parseNumber(state.listener.protocol_port) ?? Number.NaN;
    const taken = listenerOnPort(mode.usedPorts, state.listener.protocol, port);
    if (taken) {
      add(errors, "listener.protocol_port", `Port ${port} is taken: another listener on this load balancer uses ${taken.protocol}:${port}.`);
    }
  }
  if (parts.pool) {
    const unsupported = algorithmRule(state.pool.lb_algorithm);
    if (unsupported) add(errors, "pool.lb_algorithm", `${unsupported}.`);
    const seen = new Set<string>();
    for (const m of state.members) {
      const id = `${m.address.trim()}:${m.protocol_port.trim()}`;
      if (seen.has(id)) {
        add(errors, `member.${m.key}.address`, duplicateMemberMessage(m.address.trim(), m.protocol_port.trim()));
      }
      seen.add(id);
    }
  }
  const tooLong = parts.monitor && !errors["monitor.delay"] && !errors["monitor.timeout"] ? delayRule(state.monitor) : null;
  if (tooLong) add(errors, "monitor.timeout", tooLong);
}

/** Every error of the form, by field key; empty when the graph may be sent. */
export function validateWizard(state: WizardState, mode: WizardMode = LOAD_BALANCER_MODE): FieldErrors {
  if (mode.kind === "listener") return validateListenerMode(state, mode);
  const errors: FieldErrors = {};
  const graph = buildGraph(state);
  const listener = graph.listeners?.[0];
  const pool = listener?.default_pool ?? undefined;
  const poolPath = ["listeners", 0, "default_pool"];

  addIssues(errors, loadBalancerCreateInput.safeParse({ ...graph, listeners: undefined }), [], state);
  if (listener) addIssues(errors, listenerSpec.safeParse({ ...listener, default_pool: undefined }), ["listeners", 0], state);
  if (pool) {
    const monitor = pool.healthmonitor ? healthMonitorSpec.safeParse(pool.healthmonitor) : null;
    if (monitor) addIssues(errors, monitor, [...poolPath, "healthmonitor"], state);
    // With a valid monitor, the pool's own rules include "this monitor type on this pool".
    const poolAlone = { ...pool, members: undefined, healthmonitor: monitor?.success ? pool.healthmonitor : undefined };
    addIssues(errors, poolSpec.safeParse(poolAlone), poolPath, state);
    (pool.members ?? []).forEach((m, i) => addIssues(errors, memberSpec.safeParse(m), [...poolPath, "members", i], state));
  }
  // The whole graph: cross-field rules between the parts (pool protocol for the listener, ...).
  addIssues(errors, loadBalancerCreateInput.safeParse(graph), [], state);

  if (!state.lb.vip_subnet) delete errors["lb.vip_subnet_id"];
  clientRules(state, errors, mode);
  return errors;
}

/** Listener mode: the same checks against `listenerCreateInput`, whose listener paths are top-level. */
function validateListenerMode(state: WizardState, mode: Extract<WizardMode, { kind: "listener" }>): FieldErrors {
  const errors: FieldErrors = {};
  const graph = buildListenerGraph(state, mode);
  const pool = graph.default_pool ?? undefined;
  const prefix = graphPrefix(mode);
  const poolPath = [...prefix, "default_pool"];

  addIssues(errors, listenerCreateInput.safeParse({ ...graph, default_pool: undefined }), prefix, state);
  if (pool) {
    const monitor = pool.healthmonitor ? healthMonitorSpec.safeParse(pool.healthmonitor) : null;
    if (monitor) addIssues(errors, monitor, [...poolPath, "healthmonitor"], state);
    const poolAlone = { ...pool, members: undefined, healthmonitor: monitor?.success ? pool.healthmonitor : undefined };
    addIssues(errors, poolSpec.safeParse(poolAlone), poolPath, state);
    (pool.members ?? []).forEach((m, i) => addIssues(errors, memberSpec.safeParse(m), [...poolPath, "members", i], state));
  }
  addIssues(errors, listenerCreateInput.safeParse(graph), prefix, state);

  clientRules(state, errors, mode);
  return errors;
}
