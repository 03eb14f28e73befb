import { z } from "zod";
import { boolField, nameField, uuidField } from "./fields";
import { profileInputs, requiredName } from "./profile";

// Octavia's availability zones and their profiles (API 2.14), as the REST API, tRPC and the
// admin pages take them. A zone is named by its name, which is its key; a profile by its id.

const profile = profileInputs("availability_zone_data");
export const availabilityZoneProfileCreateInput = profile.create;
export const availabilityZoneProfileUpdateInput = profile.update;
export const availabilityZoneProfileListInput = profile.list;

export const availabilityZoneCreateInput = z.strictObject({
  name: requiredName("name"),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
  availability_zone_profile_id: uuidField("availability_zone_profile_id"),
});

export const availabilityZoneUpdateInput = z.strictObject({
  name: requiredName("name"),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
});

export const availabilityZoneListInput = z.strictObject({
  name: nameField("name").optional(),
  enabled: boolField("enabled").optional(),
  availability_zone_profile_id: uuidField("availability_zone_profile_id").optional(),
});

export const availabilityZoneKeyInput = z.strictObject({ name: requiredName("name") });
