import { z } from "zod";
import { OPERATING_STATUSES, PROVISIONING_STATUSES } from "@/db/schema/statuses";
import { atMost, boolField, enumField, MAX_TAGS, nameField, uuidField } from "./fields";

// The list procedures' input: Octavia's paging and sorting parameters plus equality filters on
// the resource's own fields, all top level (as Octavia's query string has them). The sort is
// checked by the service, which knows the resource's columns; see server/services/paging.ts.

/** Octavia's pagination_max_limit default: a larger limit is cut down to it, as Octavia does. */
export const MAX_PAGE_LIMIT = 1000;

const invalidLimit = (iss: { input: unknown }) => `Supplied pagination limit '${String(iss.input)}' is not valid.`;

function tagList(field: string) {
  return z
    .array(z.string({ error: `${field} must be a list of tags` }), { error: `${field} must be a list of tags` })
    .max(...atMost(field, MAX_TAGS))
    .optional();
}

export const pageFields = {
  limit: z.int({ error: invalidLimit }).min(1, { error: invalidLimit }).optional(),
  /** The id of the last item of the previous page (the first one, with page_reverse). */
  marker: z.string({ error: "marker must be a string" }).optional(),
  page_reverse: boolField("page_reverse").optional(),
  /** "key1:dir1,key2:dir2"; a key without a direction sorts ascending. */
  sort: z.string({ error: "sort must be a string such as name:asc,created_at:desc" }).optional(),
  /** The older form: "key1,key2" with sort_dir "dir1,dir2". `sort` wins when both are given. */
  sort_key: z.string({ error: "sort_key must be a string" }).optional(),
  sort_dir: z.string({ error: "sort_dir must be a string" }).optional(),
  /** Octavia's tag filters: rows with every tag, any of them, not every one, none of them. */
  tags: tagList("tags"),
  "tags-any": tagList("tags-any"),
  "not-tags": tagList("not-tags"),
  "not-tags-any": tagList("not-tags-any"),
};

export interface PageInput {
  limit?: number | undefined;
  marker?: string | undefined;
  page_reverse?: boolean | undefined;
  sort?: string | undefined;
  sort_key?: string | undefined;
  sort_dir?: string | undefined;
  tags?: string[] | undefined;
  "tags-any"?: string[] | undefined;
  "not-tags"?: string[] | undefined;
  "not-tags-any"?: string[] | undefined;
}

/** Filters every Octavia resource has. */
export const commonFilters = {
  id: uuidField("id"),
  name: nameField(),
  provisioning_status: enumField("provisioning_status", PROVISIONING_STATUSES),
  operating_status: enumField("operating_status", OPERATING_STATUSES),
  admin_state_up: boolField("admin_state_up"),
};

export const intFilter = (field: string) =>
  z.int({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a whole number`) });

/**
 * A list procedure's input: the paging fields, every filter optional, and `extra` as given (a
 * required parent id, the dashboard's search). A filter of a nullable column may be null ("has
 * none": e.g. listeners without a default pool).
 */
export function listInput<F extends z.ZodRawShape, E extends z.ZodRawShape = Record<never, never>>(filters: F, extra?: E) {
  const optional = z.object(filters).partial().shape;
  // Spelled out: TypeScript types a spread of generics as an intersection, where a key in both
  // (a filter made required) would become the intersection of optional and required.
  const shape = { ...pageFields, ...optional, ...extra } as typeof pageFields & Omit<typeof optional, keyof E> & E;
  return z.strictObject(shape);
}
