import { z } from "zod";
import { atMost, boolField, immutableField, intField, ipv4Field, MAX_MEMBERS, nameField, portField, tagsField, uuidField } from "./fields";
import { commonFilters, intFilter, listInput } from "./paging";

const memberFields = {
  name: nameField().optional(),
  weight: intField("weight", 0, 256).optional(),
  backup: boolField("backup").optional(),
  admin_state_up: boolField("admin_state_up").optional(),
  monitor_address: ipv4Field("monitor_address").nullish(),
  monitor_port: portField("monitor_port").nullish(),
  tags: tagsField().optional(),
};

/** A member as nested in a graph create or a batch update: no pool_id. */
export const memberSpec = z.strictObject({
  address: ipv4Field("address"),
  protocol_port: portField(),
  subnet_id: uuidField("subnet_id").nullish(),
  ...memberFields,
});
export type MemberSpec = z.infer<typeof memberSpec>;

export const memberCreateInput = memberSpec.extend({ pool_id: uuidField("pool_id") });
export type MemberCreateInput = z.infer<typeof memberCreateInput>;

export const memberUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...memberFields,
  address: immutableField("address"),
  protocol_port: immutableField("protocol_port"),
  subnet_id: immutableField("subnet_id"),
  pool_id: immutableField("pool_id"),
});
export type MemberUpdateInput = z.infer<typeof memberUpdateInput>;

export const memberBatchUpdateInput = z.strictObject({
  pool_id: uuidField("pool_id"),
  members: z.array(memberSpec, { error: "members must be a list" }).max(...atMost("members", MAX_MEMBERS)),
});
export type MemberBatchUpdateInput = z.infer<typeof memberBatchUpdateInput>;

export const memberFilters = {
  ...commonFilters,
  pool_id: uuidField("pool_id"),
  address: ipv4Field("address"),
  protocol_port: portField(),
  weight: intFilter("weight"),
  backup: boolField("backup"),
  subnet_id: uuidField("subnet_id").nullable(),
  monitor_address: ipv4Field("monitor_address").nullable(),
  monitor_port: intFilter("monitor_port").nullable(),
};

/** Members are listed per pool (Octavia's /pools/{pool_id}/members): pool_id is required. */
export const memberListInput = listInput(memberFilters, { pool_id: uuidField("pool_id") });
export type MemberListInput = z.infer<typeof memberListInput>;
