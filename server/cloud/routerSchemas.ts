import { z } from "zod";
import { boolField, nameField, uuidField } from "@/server/services/schemas/fields";

// Inputs of Neutron's router verbs (its fields and its words). A router's gateway is named by
// its external network; the gateway port's address comes from IPAM, never from the caller.

export const gatewayInfoInput = z.strictObject({
  network_id: uuidField("external_gateway_info.network_id"),
  enable_snat: boolField("external_gateway_info.enable_snat").optional(),
});
export type GatewayInfoInput = z.infer<typeof gatewayInfoInput>;

const routerFields = {
  name: nameField().optional(),
  description: nameField("description").optional(),
  admin_state_up: boolField("admin_state_up").optional(),
};

export const routerCreateInput = z.strictObject({
  ...routerFields,
  /** Absent or null: no gateway yet. */
  external_gateway_info: gatewayInfoInput.nullable().optional(),
});
export type RouterCreateInput = z.infer<typeof routerCreateInput>;

export const routerUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...routerFields,
  /** Absent: unchanged; null: the gateway is cleared (Neutron's `router unset --external-gateway`). */
  external_gateway_info: gatewayInfoInput.nullable().optional(),
});
export type RouterUpdateInput = z.infer<typeof routerUpdateInput>;

export const routerGatewayInput = z.strictObject({ id: uuidField("id"), ...gatewayInfoInput.shape });

/** Neutron's add_router_interface takes a subnet (its gateway_ip becomes the interface's address). */
export const routerAddInterfaceInput = z.strictObject({ id: uuidField("id"), subnet_id: uuidField("subnet_id") });

/** remove_router_interface names the interface by its subnet or by its port. */
export const routerRemoveInterfaceInput = z
  .strictObject({ id: uuidField("id"), subnet_id: uuidField("subnet_id").optional(), port_id: uuidField("port_id").optional() })
  .refine((v) => v.subnet_id !== undefined || v.port_id !== undefined, { error: "Bad router request: Either subnet_id or port_id must be specified." });
export type RouterRemoveInterfaceInput = z.infer<typeof routerRemoveInterfaceInput>;
