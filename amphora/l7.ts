import { checkId, checkInt, checkPattern, RenderError } from "./allow-list";
import { configWord, DN_FIELD, L7_KEY, L7_VALUE, logFormatWord, REDIRECT_URL, regexProblem } from "./l7-values";
import type { L7PolicyModel, L7RuleModel, ListenerModel, LoadBalancerModel, PoolModel } from "./model";
import { backendName, isGone } from "./served";

// A listener's L7 policies -> frontend lines (Octavia's ACL mapping, jinja_cfg/macros.j2).
//
// Octavia writes each policy's action with its own condition, but HAProxy runs every
// `http-request` rule before any `use_backend`, so a REJECT at position 2 would beat a
// REDIRECT_TO_POOL at position 1 when both match. Here the first matching policy (in position
// order) is recorded in a transaction variable, and each action runs only for its own policy:
// position decides, whatever the actions. Rule values are checked against the allow-list and
// escaped for HAProxy's tokenizer (l7-values.ts); keys are allow-listed; ids name everything else.

const WINNER = "txn.l7_policy";

const MATCH: Record<L7RuleModel["compare_type"], string> = {
  REGEX: "-m reg",
  STARTS_WITH: "-m beg",
  ENDS_WITH: "-m end",
  CONTAINS: "-m sub",
  EQUAL_TO: "-m str",
};

const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** The enabled rules of a policy that is enabled and not being deleted. */
export const activeRules = (policy: L7PolicyModel) => policy.rules.filter((r) => r.admin_state_up && !isGone(r.provisioning_status));

export interface RenderedL7 {
  /** Frontend lines, to go before `default_backend`. */
  lines: string[];
  /** The pools that policies redirect to: each needs a backend for this listener. */
  pools: PoolModel[];
}

/**
 * The policies that take part: enabled, not being deleted, with at least one enabled rule (a
 * policy with none matches nothing), and for REDIRECT_TO_POOL an enabled pool that is rendered.
 */
export function servedPolicies(lb: LoadBalancerModel, listener: ListenerModel): { policy: L7PolicyModel; pool: PoolModel | null }[] {
  const served: { policy: L7PolicyModel; pool: PoolModel | null }[] = [];
  const ordered = [...(listener.l7policies ?? [])].sort((a, b) => a.position - b.position);
  for (const policy of ordered) {
    if (!policy.admin_state_up || isGone(policy.provisioning_status) || activeRules(policy).length === 0) continue;
    if (policy.action !== "REDIRECT_TO_POOL") {
      served.push({ policy, pool: null });
      continue;
    }
    const pool = lb.pools.find((p) => p.id === policy.redirect_pool_id);
    if (pool && pool.admin_state_up && !isGone(pool.provisioning_status)) served.push({ policy, pool });
  }
  return served;
}

export function renderL7(lb: LoadBalancerModel, listener: ListenerModel): RenderedL7 {
  const served = servedPolicies(lb, listener);
  if (served.length === 0) return { lines: [], pools: [] };
  checkId("listener id", listener.id);
  const acls: string[] = [];
  const choose: string[] = [];
  const actions: string[] = [];
  const useBackends: string[] = [];
  const pools: PoolModel[] = [];
  for (const { policy, pool } of served) {
    const policyId = checkId("l7policy id", policy.id);
    const conditions = activeRules(policy).map((rule) => {
      acls.push(`    acl ${checkId("l7rule id", rule.id)} ${aclMatch(rule)}`);
      return rule.invert ? `!${rule.id}` : rule.id;
    });
    choose.push(`    http-request set-var(${WINNER}) str(${policyId}) if !{ var(${WINNER}) -m found } ${conditions.join(" ")}`);
    const mine = `{ var(${WINNER}) -m str ${policyId} }`;
    switch (policy.action) {
      case "REJECT":
        actions.push(`    http-request deny if ${mine}`);
        break;
      case "REDIRECT_TO_URL":
        actions.push(`    http-request redirect code ${redirectCode(policy)} location ${redirectTarget(policy, policy.redirect_url)} if ${mine}`);
        break;
      case "REDIRECT_PREFIX":
        actions.push(`    http-request redirect code ${redirectCode(policy)} prefix ${redirectTarget(policy, policy.redirect_prefix)} if ${mine}`);
        break;
      case "REDIRECT_TO_POOL": {
        const target = pool as PoolModel;
        checkId("redirect_pool_id", target.id);
        if (!pools.includes(target)) pools.push(target);
        useBackends.push(`    use_backend ${backendName(target, listener)} if ${mine}`);
        break;
      }
      default:
        throw new RenderError(`l7policy ${policyId}: unknown action ${JSON.stringify((policy as { action: unknown }).action)}`);
    }
  }
  return { lines: [...acls, ...choose, ...actions, ...useBackends], pools };
}

function redirectCode(policy: L7PolicyModel): number {
  const code = checkInt("redirect_http_code", policy.redirect_http_code ?? 302, 301, 308);
  if (!REDIRECT_CODES.includes(code)) throw new RenderError(`l7policy ${policy.id}: redirect_http_code ${code} is not a redirect`);
  return code;
}

function redirectTarget(policy: L7PolicyModel, url: string | null): string {
  return logFormatWord(checkPattern(`l7policy ${policy.id} redirect`, url ?? "", REDIRECT_URL));
}

/** `<fetch> [flags] -- <pattern>`: `--` ends the flags, so a value starting with `-` is a pattern. */
function aclMatch(rule: L7RuleModel): string {
  switch (rule.type) {
    case "SSL_CONN_HAS_CERT":
      return "ssl_c_used";
    case "SSL_VERIFY_RESULT":
      return `ssl_c_verify eq ${checkInt("SSL_VERIFY_RESULT value", Number(checkPattern("SSL_VERIFY_RESULT value", rule.value, /^\d{1,9}$/)), 0, 999_999_999)}`;
    case "HOST_NAME":
      return `req.hdr(host) -i ${MATCH[rule.compare_type]} -- ${pattern(rule)}`;
    case "PATH":
      return `path ${MATCH[rule.compare_type]} -- ${pattern(rule)}`;
    case "FILE_TYPE":
      // Octavia master: EQUAL_TO is "the path ends with", not an exact match of the whole path.
      return rule.compare_type === "REGEX" ? `path -m reg -- ${pattern(rule)}` : `path_end -- ${pattern(rule)}`;
    case "HEADER":
      return `req.hdr(${checkPattern("l7rule key", rule.key ?? "", L7_KEY)}) ${MATCH[rule.compare_type]} -- ${pattern(rule)}`;
    case "COOKIE":
      return `req.cook(${checkPattern("l7rule key", rule.key ?? "", L7_KEY)}) ${MATCH[rule.compare_type]} -- ${pattern(rule)}`;
    case "SSL_DN_FIELD":
      return `ssl_c_s_dn(${checkPattern("l7rule key", rule.key ?? "", DN_FIELD)}) ${MATCH[rule.compare_type]} -- ${pattern(rule)}`;
    default:
      throw new RenderError(`l7rule ${rule.id}: unknown type ${JSON.stringify((rule as { type: unknown }).type)}`);
  }
}

/**
 * The rule's value as one config word. A regex must pass the same safety check as at the API. A
 * plain value in Octavia's quoted form (`"a b"`, how a header value carries spaces) means the
 * text inside the quotes.
 */
function pattern(rule: L7RuleModel): string {
  const value = checkPattern("l7rule value", rule.value, L7_VALUE);
  if (rule.compare_type === "REGEX") {
    const problem = regexProblem(value);
    if (problem) throw new RenderError(`l7rule ${rule.id}: refusing to render regex ${JSON.stringify(value)}: ${problem}`);
    return configWord(value);
  }
  const unquoted = value.length > 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return configWord(unquoted);
}
