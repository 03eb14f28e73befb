import { z } from "zod";
import { nameField, uuidField } from "./fields";

// The inputs of Octavia's provider profiles (flavor profiles, availability zone profiles): a
// name, a provider and the provider's JSON under the kind's own field name.

export const requiredName = (field: string) => nameField(field).min(1, { error: `${field} is required` });

/** The create, update and list inputs of a profile whose data is named `dataField`. */
export function profileInputs<const F extends string>(dataField: F) {
  /** The data: a JSON object as a string, up to Octavia's 4096 characters. */
  const data = z.string({ error: `${dataField} must be a string` }).max(4096, { error: `${dataField} must be at most 4096 characters` });
  const given = { [dataField]: data } as { [K in F]: typeof data };
  const changed = { [dataField]: data.nullable().optional() } as { [K in F]: z.ZodOptional<z.ZodNullable<typeof data>> };
  return {
    create: z.strictObject({ name: requiredName("name"), provider_name: requiredName("provider_name"), ...given }),
    update: z.strictObject({
      id: uuidField("id"),
      name: nameField("name").nullable().optional(),
      provider_name: nameField("provider_name").nullable().optional(),
      ...changed,
    }),
    list: z.strictObject({
      /** Clients look a profile up by `?id=` (then by `?name=`) with whatever they were given. */
      id: nameField("id").optional(),
      name: nameField("name").optional(),
      provider_name: nameField("provider_name").optional(),
    }),
  };
}
