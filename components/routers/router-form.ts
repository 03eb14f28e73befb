import { type FormErrors, schemaErrors } from "@/components/ui/form-errors";
import { routerCreateInput } from "@/server/cloud/routerSchemas";

// What Create Router sends, and its inline check: the API's own schema, so the form says what
// the server would. The external network is kept under the API's key, so the server's word on
// `external_gateway_info.network_id` lands on its select and goes when it changes.

export interface RouterCreateValues extends Record<string, unknown> {
  name: string;
  /** The external network's id; "" for no gateway. */
  external_gateway_info: string;
}

export const routerInput = (v: RouterCreateValues) => ({
  name: v.name.trim(),
  ...(v.external_gateway_info ? { external_gateway_info: { network_id: v.external_gateway_info } } : {}),
});

export const routerCreateErrors = (v: RouterCreateValues): FormErrors => schemaErrors(routerCreateInput, routerInput(v));
