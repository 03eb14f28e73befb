import type { Listener } from "@/components/api-types";
import { listOf, nullableInt, optionalInt, textOf } from "@/components/ui/form-values";
import { HTTP_LISTENER_PROTOCOLS, INSERT_HEADER_KEYS, type ListenerProtocol } from "@/server/services/schemas/enums";

// The Edit Listener form: its values as typed, and the update input they make. Protocol and
// port are shown but never sent (Octavia does not let them change).

export type InsertHeaderKey = (typeof INSERT_HEADER_KEYS)[number];

export interface ListenerFormValues extends Record<string, unknown> {
  name: string;
  description: string;
  admin_state_up: boolean;
  connection_limit: string;
  timeout_client_data: string;
  timeout_member_connect: string;
  timeout_member_data: string;
  timeout_tcp_inspect: string;
  default_pool_id: string;
  insert_headers: InsertHeaderKey[];
  allowed_cidrs: string;
}

export const LISTENER_FORM_FIELDS = [
  "name",
  "description",
  "admin_state_up",
  "connection_limit",
  "timeout_client_data",
  "timeout_member_connect",
  "timeout_member_data",
  "timeout_tcp_inspect",
  "default_pool_id",
  "insert_headers",
  "allowed_cidrs",
] as const;

export const supportsInsertHeaders = (protocol: string) => HTTP_LISTENER_PROTOCOLS.includes(protocol as ListenerProtocol);

export function listenerFormValues(l: Listener): ListenerFormValues {
  return {
    name: l.name,
    description: l.description,
    admin_state_up: l.admin_state_up,
    connection_limit: textOf(l.connection_limit),
    timeout_client_data: textOf(l.timeout_client_data),
    timeout_member_connect: textOf(l.timeout_member_connect),
    timeout_member_data: textOf(l.timeout_member_data),
    timeout_tcp_inspect: textOf(l.timeout_tcp_inspect),
    default_pool_id: l.default_pool_id ?? "",
    insert_headers: INSERT_HEADER_KEYS.filter((k) => l.insert_headers[k] === true),
    allowed_cidrs: l.allowed_cidrs.join(", "),
  };
}

export function listenerUpdateFromForm(id: string, protocol: string, v: ListenerFormValues) {
  return {
    id,
    name: v.name.trim(),
    description: v.description.trim(),
    admin_state_up: v.admin_state_up,
    // A cleared limit means unlimited; a cleared timeout goes back to its default.
    connection_limit: optionalInt(v.connection_limit) ?? -1,
    timeout_client_data: nullableInt(v.timeout_client_data),
    timeout_member_connect: nullableInt(v.timeout_member_connect),
    timeout_member_data: nullableInt(v.timeout_member_data),
    timeout_tcp_inspect: nullableInt(v.timeout_tcp_inspect),
    default_pool_id: v.default_pool_id === "" ? null : v.default_pool_id,
    ...(supportsInsertHeaders(protocol) ? { insert_headers: Object.fromEntries(v.insert_headers.map((k) => [k, true])) } : {}),
    allowed_cidrs: listOf(v.allowed_cidrs),
  };
}
