import { z } from "zod";
import { boolField, nameField, uuidField } from "./fields";
import { profileInputs, requiredName } from "./profile";

// Octavia's flavors and flavor profiles (API 2.6), as the REST API, tRPC and the admin pages
// take them. Both are named by their ids.

const profile = profileInputs("flavor_data");
export const flavorProfileCreateInput = profile.create;
export const flavorProfileUpdateInput = profile.update;
export const flavorProfileListInput = profile.list;

export const flavorCreateInput = z.strictObject({
  name: requiredName("name"),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
  flavor_profile_id: uuidField("flavor_profile_id"),
});

export const flavorUpdateInput = z.strictObject({
  id: uuidField("id"),
  name: requiredName("name").optional(),
  description: nameField("description").nullable().optional(),
  enabled: boolField("enabled").optional(),
});

export const flavorListInput = z.strictObject({
  id: nameField("id").optional(),
  name: nameField("name").optional(),
  enabled: boolField("enabled").optional(),
  flavor_profile_id: uuidField("flavor_profile_id").optional(),
});
