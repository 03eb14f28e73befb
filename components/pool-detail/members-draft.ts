import type { Instance, Member } from "@/components/api-types";
import type { MemberBatchUpdateInput } from "@/server/services/schemas/member";

// "Add/Remove Members": the pool's member list as it will be after Save, edited in the dialog
// and sent as ONE member.batchUpdate (which replaces the whole list, matched on address and
// port). Members already in the pool are sent as address and port only, so they stay as they
// are (weight, name, admin state untouched); new ones carry what was chosen.

export interface DraftMember {
  /** Stable row key: the member id, or "new:<address>:<port>:<n>". */
  key: string;
  existing: boolean;
  name: string;
  address: string;
  /** Text as typed for new members, so a wrong value stays visible with its error. */
  port: string;
  weight: string;
  subnet_id: string | null;
}

export const memberKey = (m: { address: string; port: string | number }) => `${m.address}:${String(m.port).trim()}`;

export function draftFromMembers(members: readonly Member[]): DraftMember[] {
  return members.map((m) => ({
    key: m.id,
    existing: true,
    name: m.name,
    address: m.address,
    port: String(m.protocol_port),
    weight: String(m.weight),
    subnet_id: m.subnet_id,
  }));
}

let counter = 0;
const newKey = (address: string, port: string) => `new:${address}:${port}:${++counter}`;

export function addInstance(draft: DraftMember[], instance: Pick<Instance, "name" | "fixed_ip" | "service_port" | "subnet_id">): DraftMember[] {
  const port = String(instance.service_port);
  return [
    ...draft,
    { key: newKey(instance.fixed_ip, port), existing: false, name: instance.name, address: instance.fixed_ip, port, weight: "1", subnet_id: instance.subnet_id },
  ];
}

export function addExternal(draft: DraftMember[], member: { address: string; port: string; weight: string }): DraftMember[] {
  const address = member.address.trim();
  return [...draft, { key: newKey(address, member.port), existing: false, name: "", address, port: member.port.trim(), weight: member.weight.trim() || "1", subnet_id: null }];
}

export function removeMember(draft: DraftMember[], key: string): DraftMember[] {
  return draft.filter((m) => m.key !== key);
}

export function updateDraft(draft: DraftMember[], key: string, change: Partial<Pick<DraftMember, "port" | "weight">>): DraftMember[] {
  return draft.map((m) => (m.key === key && !m.existing ? { ...m, ...change } : m));
}

/** Whether an address is already in the draft on that port (an instance's Add is then disabled). */
export function hasMember(draft: readonly DraftMember[], address: string, port: string | number): boolean {
  return draft.some((m) => memberKey(m) === memberKey({ address, port }));
}

const toNumber = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function batchInput(poolId: string, draft: readonly DraftMember[]): MemberBatchUpdateInput {
  return {
    pool_id: poolId,
    members: draft.map((m) =>
      m.existing
        ? { address: m.address, protocol_port: toNumber(m.port) }
        : {
            address: m.address,
            protocol_port: toNumber(m.port),
            weight: toNumber(m.weight),
            ...(m.name ? { name: m.name } : {}),
            ...(m.subnet_id ? { subnet_id: m.subnet_id } : {}),
          },
    ),
  };
}

/** What Save will do, for the dialog's summary and its toast. */
export function draftChanges(original: readonly Member[], draft: readonly DraftMember[]) {
  const kept = new Set(draft.filter((m) => m.existing).map((m) => m.key));
  return {
    added: draft.filter((m) => !m.existing),
    removed: original.filter((m) => !kept.has(m.id)),
  };
}
