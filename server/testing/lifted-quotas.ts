// Test clouds lift the shipped default quotas (server/env.ts: 10 load balancers a project, …):
// tests and benchmarks create hundreds of load balancers in one project, and a test of quotas
// sets the project's own limits with quota.update. Lifted as an operator lifts them, with QUOTA_*
// in the environment (-1: unlimited).

export const LIFTED_QUOTAS_ENV: Record<string, string> = {
  QUOTA_LOADBALANCER: "-1",
  QUOTA_LISTENER: "-1",
  QUOTA_POOL: "-1",
  QUOTA_HEALTHMONITOR: "-1",
  QUOTA_MEMBER: "-1",
  QUOTA_L7POLICY: "-1",
  QUOTA_L7RULE: "-1",
  QUOTA_FLOATINGIP: "-1",
  QUOTA_ROUTER: "-1",
};

/** Puts LIFTED_QUOTAS_ENV into this process's environment (a variable already set wins); before env() is first read. */
export function liftQuotas(): void {
  for (const [name, value] of Object.entries(LIFTED_QUOTAS_ENV)) process.env[name] ??= value;
}
