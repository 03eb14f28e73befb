import { ROLES, type Role } from "@/db/schema/roles";
import { type FormErrors, schemaErrors } from "@/components/ui/form-errors";
import { projectCreateInput, setPasswordInput, userCreateInput } from "@/server/services/schemas/identity";

// What the Identity forms send, and their checks: the API's own schemas (the same messages as the
// server's refusals) plus the one rule only a form has, a password typed twice.

export interface ProjectValues extends Record<string, unknown> {
  name: string;
  description: string;
  enabled: boolean;
}

export const projectInput = (v: ProjectValues) => ({ name: v.name.trim(), description: v.description.trim(), enabled: v.enabled });

/** Create and edit check the same fields (edit adds only the id, which the form does not type). */
export const projectErrors = (v: ProjectValues): FormErrors => schemaErrors(projectCreateInput, projectInput(v));

/** The confirmation must repeat the password; checked once the password itself is acceptable. */
function confirmationErrors(password: string, confirm: string, errors: FormErrors): FormErrors {
  if (errors.password || password === confirm) return errors;
  return { ...errors, confirm: "Passwords do not match" };
}

export interface UserValues extends Record<string, unknown> {
  name: string;
  password: string;
  confirm: string;
  enabled: boolean;
  /** "" when the user gets no first role. */
  project_id: string;
  role: Role | "";
}

export const userInput = (v: UserValues) => ({
  name: v.name.trim(),
  password: v.password,
  enabled: v.enabled,
  ...(v.project_id ? { project_id: v.project_id } : {}),
  ...(v.role ? { role: v.role } : {}),
});

export const userErrors = (v: UserValues): FormErrors => confirmationErrors(v.password, v.confirm, schemaErrors(userCreateInput, userInput(v)));

export interface PasswordValues extends Record<string, unknown> {
  password: string;
  confirm: string;
}

export const passwordErrors = (id: string, v: PasswordValues): FormErrors =>
  confirmationErrors(v.password, v.confirm, schemaErrors(setPasswordInput, { id, password: v.password }));

/** The role choices, in the order Keystone and Octavia list them. */
export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));
