import { describe, expect, it } from "vitest";
import type { Member } from "@/components/api-types";
import { schemaErrors } from "@/components/ui/form-errors";
import { memberBatchUpdateInput, memberUpdateInput } from "@/server/services/schemas/member";
import { memberFormValues, memberUpdateFromForm } from "./member-form";
import { addExternal, addInstance, batchInput, draftChanges, draftFromMembers, hasMember, removeMember, updateDraft } from "./members-draft";

const POOL = "8c6c4c52-32c4-4a9c-8c5a-3b7f1b0e0a01";
const SUBNET = "0f3f8a3e-9d6e-4f57-8a51-6c1d0d6d4b02";
const member = (id: string, address: string, extra: Partial<Member> = {}) =>
  ({
    id,
    name: "",
    address,
    protocol_port: 80,
    weight: 5,
    backup: false,
    admin_state_up: true,
    subnet_id: SUBNET,
    monitor_address: null,
    monitor_port: null,
    ...extra,
  }) as Member;

describe("members draft", () => {
  const original = [member("m1", "127.10.0.10", { name: "web1" }), member("m2", "127.10.0.11")];

  it("sends kept members as address and port only, new ones with their choices, in one batch", () => {
    let draft = draftFromMembers(original);
    draft = removeMember(draft, "m2");
    draft = addInstance(draft, { name: "web3", fixed_ip: "127.10.0.12", service_port: 80, subnet_id: SUBNET });
    draft = addExternal(draft, { address: " 127.0.0.5 ", port: "8080", weight: "" });
    const input = batchInput(POOL, draft);
    expect(input).toEqual({
      pool_id: POOL,
      members: [
        { address: "127.10.0.10", protocol_port: 80 },
        { address: "127.10.0.12", protocol_port: 80, weight: 1, name: "web3", subnet_id: SUBNET },
        { address: "127.0.0.5", protocol_port: 8080, weight: 1 },
      ],
    });
    expect(schemaErrors(memberBatchUpdateInput, input)).toEqual({});
    const changes = draftChanges(original, draft);
    expect(changes.added.map((m) => m.address)).toEqual(["127.10.0.12", "127.0.0.5"]);
    expect(changes.removed.map((m) => m.id)).toEqual(["m2"]);
  });

  it("edits only new rows and reports their wrong values by index", () => {
    let draft = addInstance(draftFromMembers(original), { name: "web3", fixed_ip: "127.10.0.12", service_port: 80, subnet_id: SUBNET });
    const added = draft[2]!.key;
    draft = updateDraft(draft, added, { weight: "300", port: "x" });
    draft = updateDraft(draft, "m1", { weight: "9" });
    expect(draft[0]?.weight).toBe("5");
    const errors = schemaErrors(memberBatchUpdateInput, batchInput(POOL, draft));
    expect(errors["members.2.weight"]).toBe("weight must be between 0 and 256");
    expect(errors["members.2.protocol_port"]).toBe("protocol_port must be a number");
    expect(hasMember(draft, "127.10.0.10", 80)).toBe(true);
    expect(hasMember(draft, "127.10.0.10", "81")).toBe(false);
  });
});

describe("member form", () => {
  it("makes a valid update of the editable fields, with cleared monitor fields as null", () => {
    const id = "2c1f0e1e-6b1a-4a7e-9c1e-0d4f5b6a7c03";
    const input = memberUpdateFromForm(id, { ...memberFormValues(member(id, "127.10.0.10")), weight: "0", backup: true });
    expect(input).toEqual({ id, name: "", weight: 0, admin_state_up: true, backup: true, monitor_address: null, monitor_port: null });
    expect(schemaErrors(memberUpdateInput, input)).toEqual({});
  });
  it("reports an emptied weight and a bad monitor address", () => {
    const id = "2c1f0e1e-6b1a-4a7e-9c1e-0d4f5b6a7c03";
    const input = memberUpdateFromForm(id, { ...memberFormValues(member(id, "127.10.0.10")), weight: "", monitor_address: "nope" });
    const errors = schemaErrors(memberUpdateInput, input);
    expect(errors.weight).toBe("weight must be a number");
    expect(errors.monitor_address).toBe("monitor_address must be a valid IPv4 address");
  });
});
