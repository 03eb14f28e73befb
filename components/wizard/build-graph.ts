import type { z } from "zod";
import { listenerCreateFields } from "@/components/forms/listener-form";
import { monitorCreateFields } from "@/components/forms/monitor-form";
import { poolCreateFields } from "@/components/forms/pool-form";
import { compact, optionalText, parseNumber } from "@/components/forms/values";
import type { listenerCreateInput } from "@/server/services/schemas/listener";
import type { loadBalancerCreateInput } from "@/server/services/schemas/loadBalancer";
import { effectiveParts, type WizardMode, type WizardState } from "./state";

// The form state as the one graph-create input `loadBalancer.create` takes. Pure: the same
// object is validated inline (validate.ts) and sent. The yes/no toggles decide what is in it;
// each part is what that resource's own form makes (components/forms).

export type LoadBalancerGraph = z.input<typeof loadBalancerCreateInput>;
export type ListenerGraphInput = z.input<typeof listenerCreateInput>;
type ListenerGraph = NonNullable<LoadBalancerGraph["listeners"]>[number];
type PoolGraph = NonNullable<ListenerGraph["default_pool"]>;
type MemberGraph = NonNullable<PoolGraph["members"]>[number];
type MonitorGraph = NonNullable<PoolGraph["healthmonitor"]>;

function buildMember(member: WizardState["members"][number]): MemberGraph {
  return compact({
    name: optionalText(member.name),
    address: member.address,
    protocol_port: parseNumber(member.protocol_port) as number,
    weight: parseNumber(member.weight),
    subnet_id: member.subnet_id ?? undefined,
  });
}

function buildPool(state: WizardState, withMonitor: boolean): PoolGraph {
  return compact({
    ...poolCreateFields(state.pool),
    members: state.members.length > 0 ? state.members.map(buildMember) : undefined,
    // The form holds what was typed; the schema says what is wrong with it.
    healthmonitor: withMonitor ? (monitorCreateFields(state.monitor) as MonitorGraph) : undefined,
  });
}

function buildListener(state: WizardState): ListenerGraph {
  const parts = effectiveParts(state);
  return compact({
    ...listenerCreateFields(state.listener),
    default_pool: parts.pool ? buildPool(state, parts.monitor) : undefined,
  });
}

export function buildGraph(state: WizardState): LoadBalancerGraph {
  return compact({
    name: optionalText(state.lb.name),
    description: optionalText(state.lb.description),
    admin_state_up: state.lb.admin_state_up,
    vip_subnet_id: state.lb.vip_subnet?.id,
    vip_address: optionalText(state.lb.vip_address),
    availability_zone: optionalText(state.lb.availability_zone),
    flavor_id: optionalText(state.lb.flavor_id),
    listeners: effectiveParts(state).listener ? [buildListener(state)] : undefined,
  });
}

/**
 * The listener-mode input of `listener.create`: the listener step's fields at the top level and
 * the pool tree as Octavia's inline default_pool. The listener is always created in this mode.
 */
export function buildListenerGraph(state: WizardState, mode: Extract<WizardMode, { kind: "listener" }>): ListenerGraphInput {
  const forced = { ...state, listener: { ...state.listener, enabled: true } };
  return { loadbalancer_id: mode.loadbalancer.id, ...buildListener(forced) };
}
