// What an L7 rule or policy may put into a config, in one pure module (no imports): the API
// validates with these, and the L7 renderer checks and escapes with the same ones, so nothing
// the API accepts is refused at render time and nothing it refuses could reach a config.

/**
 * A header or cookie name (HEADER and COOKIE keys): an RFC 7230 token without `#` (a comment
 * to HAProxy) and `'` (a quote). It lands inside `req.hdr(...)` / `req.cook(...)`, where `,` and
 * `)` would be structural; the token already excludes them.
 */
export const L7_KEY = /^[A-Za-z0-9!$%&*+\-.^_`|~]{1,255}$/;

/** An SSL_DN_FIELD key (Octavia's DISTINGUISHED_NAME_FIELD_REGEX). */
export const DN_FIELD = /^[a-zA-Z][A-Za-z0-9-]{0,254}$/;

/**
 * Any rule value that reaches a config: printable ASCII, 1 to 255 characters. No control
 * character (a newline would end the directive) ever passes; the characters HAProxy's tokenizer
 * treats specially are escaped by `configWord`.
 */
export const L7_VALUE = /^[\x20-\x7e]{1,255}$/;

/**
 * redirect_url and redirect_prefix: http(s), a host, and only RFC 3986 characters (no space,
 * quote, backslash or control character). `%`, `#` and `'` are escaped at render time.
 */
export const REDIRECT_URL = /^https?:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:@%[\]]+(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@%/?#[\]]*)?$/;

/**
 * One word of HAProxy's config as it reads it back: the characters its tokenizer treats
 * specially outside quotes (`\`, space, `#`, `'`, `"`) get a backslash. `$` needs none: it only
 * expands inside double quotes (checked on 2.6). The caller has checked the value's charset.
 */
export function configWord(value: string): string {
  return value.replace(/[\\ #'"]/g, "\\$&");
}

/** A log-format string (a redirect's location or prefix): `%` starts a variable there, `%%` is one `%`. */
export function logFormatWord(value: string): string {
  return configWord(value.replace(/%/g, "%%"));
}

const MAX_REPEAT = 1000;

/**
 * Why a regex cannot be accepted, or null. HAProxy runs PCRE2 (with JIT), Octavia checks with
 * Python's `re`, the API can only compile with JavaScript's engine: the three agree on the
 * subset allowed here, and what lies outside it is refused rather than guessed at:
 * - backreferences, lookarounds, named groups and letter escapes other than
 *   `\d \D \w \W \s \S \b \B \n \r \t \f \v \xHH` (engines differ on them);
 * - `[]` and `[^]` (an empty class to JavaScript, the start of a class to PCRE);
 * - a repeated group that contains a quantifier or an alternation (`(a+)+`, `(a|a)*`): these
 *   backtrack exponentially on a near miss, so one request could burn a worker's CPU;
 * - a counted repeat above 1000.
 */
export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^Invalid regular expression: /, "") : String(err);
  }
  // Each open group: whether its content has a quantifier or an alternation so far.
  const groups: { risky: boolean }[] = [{ risky: false }];
  // The last atom, for a quantifier to apply to: a group (with its riskiness) or a single item.
  let last: { group: boolean; risky: boolean } | null = null;
  const top = () => groups[groups.length - 1] as { risky: boolean };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === "\\") {
      const problem = escapeProblem(source, i);
      if (problem) return problem;
      i += source[i + 1] === "x" ? 4 : 2;
      last = { group: false, risky: false };
    } else if (c === "[") {
      if (source.startsWith("[]", i) || source.startsWith("[^]", i)) return "an empty character class ([] or [^]) is not supported";
      let j = i + 1;
      if (source[j] === "^") j++;
      while (j < source.length && source[j] !== "]") {
        if (source[j] === "\\") {
          const problem = escapeProblem(source, j);
          if (problem) return problem;
          j += source[j + 1] === "x" ? 4 : 2;
        } else j++;
      }
      i = j + 1;
      last = { group: false, risky: false };
    } else if (c === "(") {
      if (source[i + 1] === "?") {
        if (source[i + 2] !== ":") return "lookarounds and named groups are not supported; use (...) or (?:...)";
        i += 3;
      } else i++;
      groups.push({ risky: false });
      last = null;
    } else if (c === ")") {
      const group = groups.pop() as { risky: boolean };
      last = { group: true, risky: group.risky };
      i++;
    } else if (c === "|") {
      top().risky = true;
      last = null;
      i++;
    } else if (c === "*" || c === "+" || c === "?" || (c === "{" && /^\{\d+(?:,\d*)?\}/.test(source.slice(i)))) {
      let end = i + 1;
      if (c === "{") {
        const counted = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i)) as RegExpExecArray;
        if (Number(counted[1]) > MAX_REPEAT || Number(counted[2] || 0) > MAX_REPEAT) return `a counted repeat may not exceed ${MAX_REPEAT}`;
        end = i + counted[0].length;
      }
      if (last?.group && last.risky) {
        return "a repeated group may not contain a quantifier or an alternation (it can backtrack exponentially)";
      }
      top().risky = true;
      if (source[end] === "?") end++; // lazy
      i = end;
      last = null;
    } else {
      last = { group: false, risky: false };
      i++;
    }
  }
  return null;
}

function escapeProblem(source: string, at: number): string | null {
  const next = source[at + 1] ?? "";
  if (/^[1-9]$/.test(next) || next === "k") return "backreferences are not supported";
  if (next === "x") return /^[0-9A-Fa-f]{2}$/.test(source.slice(at + 2, at + 4)) ? null : "\\x needs two hex digits";
  if (/^[A-Za-z0-9]$/.test(next) && !"dDwWsSbBnrtfv".includes(next)) return `the escape \\${next} is not supported`;
  return null;
}
