import net from "node:net";
import { ID } from "./patterns";

export { COOKIE_NAME, DOMAIN_NAME, EXPECTED_CODES, ID, URL_PATH } from "./patterns";

// The renderer's last line of defence. The service layer validates user strings before they
// reach the database, but the config text is where a stray newline, `#`, quote or space would
// turn a value into new directives, so every string the renderer interpolates passes one of these
// patterns again here. They are deliberately narrower than what HAProxy would accept: a value
// that fails is a bug upstream (or an attack), never something to quote or escape around.

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}

/** A POSIX account name, for `user` / `group`. */
export const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Absolute file paths the driver chose: no spaces, quotes or other config syntax. */
export const FILE_PATH = /^\/[A-Za-z0-9._\-/]{1,1023}$/;

function fail(field: string, value: unknown): never {
  // JSON.stringify shows a hostile value's newlines and quotes instead of acting on them.
  throw new RenderError(`refusing to render ${field} ${JSON.stringify(value)}: it does not match the allow-list`);
}

export function checkPattern(field: string, value: string, pattern: RegExp): string {
  if (typeof value !== "string" || !pattern.test(value)) fail(field, value);
  return value;
}

export function checkId(field: string, value: string): string {
  return checkPattern(field, value, ID);
}

export function checkInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) fail(`${field} (${min}..${max})`, value);
  return value;
}

/**
 * An IPv4 or IPv6 literal. Node's parser decides validity; the character class keeps out
 * IPv6 zone ids (`%eth0`), which would smuggle arbitrary text into the line.
 */
export function checkAddress(field: string, value: string): string {
  if (typeof value !== "string" || !/^[0-9A-Fa-f:.]{2,45}$/.test(value) || net.isIP(value) === 0) fail(field, value);
  return value;
}

export function checkCidr(field: string, value: string): string {
  const [address, prefix, ...rest] = typeof value === "string" ? value.split("/") : [];
  if (address === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) fail(field, value);
  checkAddress(field, address);
  checkInt(`${field} prefix`, Number(prefix), 0, net.isIPv6(address) ? 128 : 32);
  return value;
}

/** HAProxy reads `a:b:c:80` ambiguously and refuses `addr ::1`: IPv6 always goes in brackets. */
export function hostForConfig(address: string): string {
  return net.isIPv6(address) ? `[${address}]` : address;
}
