import { z } from "zod";
import { boolField, nameField, uuidField } from "./fields";

// Octavia's availability zones and their profiles (API 2.14), as the REST API, tRPC and the
// admin pages take them. A zone is named by its name, which is its key; a profile by its id.

const required = (field: string) => nameField(field).min(1, { error: `${field} is required` });
/** availability_zone_data: a JSON object as a string, up to Octavia's 4096 characters. */
const zoneData = z.string({ error: "availability_zone_data must be a string" }).max(4096, { error: "availability_zone_data must be at most 4096 characters" });

export const availabilityZoneProfileCreateInput = z.strictObject({
  name: required("name"),
  provider_name: required("provider_name"),
  availability_zone_data: zoneData,
});

export const availabilityZoneProfileUpdateInput = z.strictObject({
  id: uuidField("id"),
  name: nameField("name").nullable().optional(),
  provider_name: nameField("provider_name").nullable().optional(),
  availability_zone_data: zoneData.nullable().optional(),
});

export const availabilityZoneProfileListInput = z.strictObject({
  /** Clients look a profile up by `?id=` (then by `?name=`) with whatever they were given. */
  id: nameField("id").optional(),
  name: nameField("name").optional(),
  provider_name: nameField("provider_name").optional(),
});

export const availabilityZoneCreateInput = z.strictObject({
  name: required("name"),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
  availability_zone_profile_id: uuidField("availability_zone_profile_id"),
});

export const availabilityZoneUpdateInput = z.strictObject({
  name: required("name"),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
});

export const availabilityZoneListInput = z.strictObject({
  name: nameField("name").optional(),
  enabled: boolField("enabled").optional(),
  availability_zone_profile_id: uuidField("availability_zone_profile_id").optional(),
});

export const availabilityZoneKeyInput = z.strictObject({ name: required("name") });
