import { z } from "zod";
import { uuidField } from "./fields";

// audit.list's input: the filters of the Audit Log panel and its paging (newest first, a page
// ends where the next one's `before` starts). The dashboard bundles it for its outcome choices.

/** success; denied (by the policy or for want of authentication); failed (refused by the service). */
export const AUDIT_OUTCOMES = ["success", "denied", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_MAX_LIMIT = 1000;
const badLimit = `limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`;
const badBefore = "before must be an audit entry id";

export const auditListInput = z.strictObject({
  project_id: uuidField("project_id").optional(),
  user_id: uuidField("user_id").optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: `outcome must be one of ${AUDIT_OUTCOMES.join(", ")}` }).optional(),
  /** Entries older than this one (the id of the last entry of the previous page). */
  before: z.int({ error: badBefore }).positive({ error: badBefore }).optional(),
  limit: z.int({ error: badLimit }).min(1, { error: badLimit }).max(AUDIT_MAX_LIMIT, { error: badLimit }).optional(),
});
