import type { FormErrors } from "@/components/ui/form-errors";
import { schemaErrors } from "@/components/ui/form-errors";
import { memberSpec } from "@/server/services/schemas/member";
import { duplicateMemberMessage } from "@/server/services/schemas/rules";
import type { FieldLabels } from "./messages";
import { parseNumber } from "./values";

// A member added by address ("external": not picked from the instance list), in the wizard's
// members step and in Add/Remove Members: checked with the API's member schema before it joins
// the list, so a wrong address never reaches the table.

export const MEMBER_LABELS: FieldLabels = {
  address: "IP Address",
  protocol_port: "Port",
  weight: "Weight",
  subnet_id: "Subnet",
  name: "Name",
};

export interface ExternalMember {
  address: string;
  /** "" takes the form's default port (the listener's, in the wizard). */
  port: string;
  weight: string;
}

export const emptyExternalMember = (): ExternalMember => ({ address: "", port: "", weight: "1" });

/** Errors by member field ("address", "protocol_port", "weight"); empty when it may be added. */
export function externalMemberErrors(m: ExternalMember, defaultPort: string, isMember: (address: string, port: string) => boolean): FormErrors {
  const address = m.address.trim();
  const port = m.port.trim() || defaultPort;
  const errors = schemaErrors(memberSpec, { address, protocol_port: parseNumber(port), weight: parseNumber(m.weight) });
  if (Object.keys(errors).length === 0 && isMember(address, port)) {
    errors.address = duplicateMemberMessage(address, port);
  }
  return errors;
}
