// The allow-list patterns for user strings that reach a config, in one pure module (no imports):
// the renderer re-checks every value with them, and the API validates with the same ones, so
// nothing the API accepts is refused at render time.

/** Octavia's IDs are UUIDs; only these ever name a section or a server. */
export const ID = /^[0-9a-f-]{36}$/;

/**
 * RFC 3986 path and query characters minus everything HAProxy's tokenizer treats specially
 * (`'`, `"`, `\`, `#`, whitespace). `$` is literal outside double quotes (checked on 2.6).
 */
export const URL_PATH = /^\/(?:[A-Za-z0-9\-._~!$&()*+,;=:@/?]|%[0-9A-Fa-f]{2}){0,1023}$/;

/** `200`, `200,202,204` or `200-204`, the forms Octavia accepts. */
export const EXPECTED_CODES = /^(?:[1-5]\d\d(?:,[1-5]\d\d){0,99}|[1-5]\d\d-[1-5]\d\d)$/;

/**
 * An RFC 6265 token without `#` (a comment to HAProxy) and `'` (a quote): the name lands inside
 * `req.cook(...)`, where `,` and `)` would also be structural, and the token already excludes them.
 */
export const COOKIE_NAME = /^[A-Za-z0-9!$%&*+\-.^_`|~]{1,255}$/;

/** RFC 1123 host name, as Octavia checks domain_name. */
export const DOMAIN_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An OpenSSL cipher string, the characters Octavia allows since it stopped accepting newlines
 * there (`^[A-Za-z0-9\-+!:@=_.]+$`), up to its 2048.
 */
export const TLS_CIPHERS = /^[A-Za-z0-9\-+!:@=_.]{1,2048}$/;

export const TLS_VERSIONS = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export const ALPN_PROTOCOLS = ["h2", "http/1.1", "http/1.0"] as const;
