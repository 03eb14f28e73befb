import { z } from "zod";
import { ROLES } from "@/db/schema/roles";
import { boolField, nameField, uuidField } from "./fields";

// The Identity admin procedures' input (identity.*), with Keystone's field names. The dashboard's
// Identity forms check what they would send with these same schemas, so a message reads the same
// beside the field as in the server's refusal.

export const passwordField = z
  .string({ error: "Password is required" })
  .min(8, "Password must be at least 8 characters")
  .max(4096, "Password is too long");

/** A name that must be there: trimmed, 1 to 255 characters. */
const requiredName = (what: string) => nameField("name").trim().min(1, `${what} name is required`);
const description = z.string({ error: "description must be a string" }).max(255, "description is too long");
const enabled = boolField("enabled");
export const roleField = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });

export const projectCreateInput = z.strictObject({ name: requiredName("Project"), description: description.optional(), enabled: enabled.optional() });

export const projectUpdateInput = z.strictObject({
  id: uuidField("id"),
  name: requiredName("Project").optional(),
  description: description.optional(),
  enabled: enabled.optional(),
});

/** A user, and optionally a first role on a project, granted in the same transaction. */
export const userCreateInput = z
  .strictObject({
    name: requiredName("User"),
    password: passwordField,
    enabled: enabled.optional(),
    project_id: uuidField("project_id").optional(),
    role: roleField.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.project_id && !input.role) ctx.addIssue({ code: "custom", path: ["role"], message: "Choose the role the user has on the project" });
    if (input.role && !input.project_id) ctx.addIssue({ code: "custom", path: ["project_id"], message: "Choose the project the role is on" });
  });

export const userUpdateInput = z.strictObject({ id: uuidField("id"), enabled: enabled.optional() });

/** A project or user named by id (deleting one). */
export const idInput = z.strictObject({ id: uuidField("id") });

export const setPasswordInput = z.strictObject({ id: uuidField("id"), password: passwordField });

export const roleAssignmentInput = z.strictObject({ user_id: uuidField("user_id"), project_id: uuidField("project_id"), role: roleField });

export const roleAssignmentFilter = z.strictObject({ user_id: uuidField("user_id").optional(), project_id: uuidField("project_id").optional() });
