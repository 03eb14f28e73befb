import { describe, expect, it } from "vitest";
import type { Listener } from "@/components/api-types";
import { schemaErrors } from "@/components/ui/form-errors";
import { listenerUpdateInput } from "@/server/services/schemas/listener";
import { listenerFormValues, listenerUpdateFromForm } from "./listener-form";

const listener = {
  id: "6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11",
  name: "http",
  description: "",
  admin_state_up: true,
  protocol: "HTTP",
  protocol_port: 80,
  connection_limit: -1,
  timeout_client_data: 50000,
  timeout_member_connect: 5000,
  timeout_member_data: 50000,
  timeout_tcp_inspect: 0,
  default_pool_id: null,
  insert_headers: { "X-Forwarded-For": true, "X-Forwarded-Port": false },
  allowed_cidrs: ["127.0.0.0/8"],
} as unknown as Listener;

describe("listener form", () => {
  it("round-trips a listener into a valid update without protocol or port", () => {
    const input = listenerUpdateFromForm(listener.id, "HTTP", listenerFormValues(listener));
    expect(input).toEqual({
      id: listener.id,
      name: "http",
      description: "",
      admin_state_up: true,
      connection_limit: -1,
      timeout_client_data: 50000,
      timeout_member_connect: 5000,
      timeout_member_data: 50000,
      timeout_tcp_inspect: 0,
      default_pool_id: null,
      insert_headers: { "X-Forwarded-For": true },
      allowed_cidrs: ["127.0.0.0/8"],
    });
    expect(schemaErrors(listenerUpdateInput, input)).toEqual({});
  });

  it("sends cleared timeouts as null (back to default) and a cleared limit as unlimited", () => {
    const values = { ...listenerFormValues(listener), timeout_client_data: "", connection_limit: " " };
    const input = listenerUpdateFromForm(listener.id, "HTTP", values);
    expect(input.timeout_client_data).toBeNull();
    expect(input.connection_limit).toBe(-1);
  });

  it("leaves insert_headers out for a TCP listener and reports wrong numbers on their fields", () => {
    const values = { ...listenerFormValues(listener), connection_limit: "1.5", allowed_cidrs: "10.0.0.0/8 nope" };
    const input = listenerUpdateFromForm(listener.id, "TCP", values);
    expect("insert_headers" in input).toBe(false);
    const errors = schemaErrors(listenerUpdateInput, input);
    expect(errors.connection_limit).toBe("connection_limit must be a number");
    expect(errors["allowed_cidrs.1"]).toMatch(/IPv4 CIDRs/);
  });
});
