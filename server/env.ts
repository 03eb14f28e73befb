import path from "node:path";
import { z } from "zod";

// Checked once at start: a malformed DATABASE_URL fails loudly here, not on the first query.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("var"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The demo cloud's addresses are 127.<DEMO_OCTET>.x.y (seeded once): two installs on one host differ here. */
  DEMO_OCTET: z.coerce.number().int().min(1).max(254).default(10),
  /** "embedded" runs the controller in the web server; "external" leaves it to `npm run worker`. */
  CONTROLLER: z.enum(["embedded", "external"]).default("embedded"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
    }
    cached = { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
  }
  return cached;
}
