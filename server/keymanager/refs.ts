import { env } from "@/server/env";

// secret_ref URLs, as Barbican hands them out and Octavia stores them: `<site>/key-manager/v1/
// secrets/<id>`. The site is PUBLIC_URL, or the origin the request came to. A ref is kept as
// given; only its id decides which secret it names (the site's name may change behind a proxy).

const REF = /\/key-manager\/v1\/secrets\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

export function secretRef(requestOrigin: string | null, id: string): string {
  const e = env();
  const base = (e.PUBLIC_URL ?? requestOrigin ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, "");
  return `${base}/key-manager/v1/secrets/${id}`;
}

/** The secret id a ref names, or null when it is not a key manager URL. */
export function secretIdOf(ref: string): string | null {
  return REF.exec(ref)?.[1]?.toLowerCase() ?? null;
}
