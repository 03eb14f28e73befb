import { type FormErrors, schemaErrors } from "@/components/ui/form-errors";
import { quotaUpdateInput } from "@/server/services/schemas/quota";

// The project's quota form: one text box per counted resource, -1 for unlimited. Only the limits
// that were changed are sent: one left alone keeps following the configured default.

/** The resources the dashboard shows and edits: those counted (quota.usage), in Horizon's order. */
export const QUOTA_FIELDS = [
  { resource: "loadbalancer", label: "Load Balancers" },
  { resource: "listener", label: "Listeners" },
  { resource: "pool", label: "Pools" },
  { resource: "member", label: "Members" },
  { resource: "healthmonitor", label: "Health Monitors" },
  { resource: "floatingip", label: "Floating IPs" },
  { resource: "router", label: "Routers" },
] as const;

export type QuotaField = (typeof QUOTA_FIELDS)[number]["resource"];
export type QuotaLimits = Record<QuotaField, number>;
type QuotaKey = `quota.${QuotaField}`;
/** What is typed, keyed by the API's input path, so the server's field errors land on their box. */
export type QuotaTexts = Record<QuotaKey, string>;

export const quotaKey = (resource: QuotaField): QuotaKey => `quota.${resource}`;

export const limitLabel = (limit: number) => (limit < 0 ? "Unlimited" : String(limit));

export const quotaTexts = (limits: QuotaLimits): QuotaTexts =>
  Object.fromEntries(QUOTA_FIELDS.map(({ resource }) => [quotaKey(resource), String(limits[resource])])) as QuotaTexts;

/** "12" -> 12; anything else (blank, "1.5", "x") -> NaN, which the schema refuses on its field. */
const limitOf = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** quota.update's input: the limits typed that differ from the current ones. */
export function quotaUpdate(projectId: string, current: QuotaLimits, texts: QuotaTexts) {
  const quota: Partial<QuotaLimits> = {};
  for (const { resource } of QUOTA_FIELDS) {
    const value = limitOf(texts[quotaKey(resource)]);
    if (value !== current[resource]) quota[resource] = value;
  }
  return { project_id: projectId, quota };
}

export const quotaErrors = (projectId: string, current: QuotaLimits, texts: QuotaTexts): FormErrors =>
  schemaErrors(quotaUpdateInput, quotaUpdate(projectId, current, texts));
