import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RestServer, startRestWorld } from "./rest-server";

// Debian's real keystoneauth1 (installed with python3-openstackclient) driving our Keystone as
// Horizon does: the password plugin without a scope (an unscoped token), the projects that token
// may scope to, the token plugin rescoping it to one, the load-balancer endpoint from the new
// token's catalog, and Octavia called with it. And the cloud admin's domain-scoped token.

/** Debian's python, by its path: another python first in PATH would bring another keystoneauth. */
const PYTHON = "/usr/bin/python3";

const SCRIPT = String.raw`
import json, sys
from keystoneauth1 import session
from keystoneauth1.identity import v3

auth_url, username, password, mode = sys.argv[1:5]
unscoped = v3.Password(auth_url=auth_url, username=username, password=password, user_domain_name="Default")
s = session.Session(auth=unscoped)
first = unscoped.get_access(s)
out = {"unscoped": {"project_id": first.project_id, "scoped": bool(first.scoped), "has_catalog": bool(first.service_catalog.catalog)}}
out["auth_projects"] = [p["name"] for p in s.get(auth_url + "/auth/projects").json()["projects"]]
user_projects = s.get(auth_url + "/users/%s/projects" % first.user_id).json()["projects"]
out["user_projects"] = [p["name"] for p in user_projects]
if mode == "domain":
    rescoped = v3.Token(auth_url=auth_url, token=first.auth_token, domain_id="default")
else:
    rescoped = v3.Token(auth_url=auth_url, token=first.auth_token, project_id=user_projects[0]["id"])
s2 = session.Session(auth=rescoped)
access = rescoped.get_access(s2)
out["rescoped"] = {"project_id": access.project_id, "domain_id": access.domain_id, "roles": sorted(access.role_names), "expires": access.expires.isoformat(), "original_expires": first.expires.isoformat()}
endpoint = s2.get_endpoint(service_type="load-balancer", interface="public")
out["endpoint"] = endpoint
res = s2.get(endpoint + "/v2/lbaas/loadbalancers", raise_exc=False)
out["loadbalancers"] = {"status": res.status_code, "body": res.json()}
print(json.dumps(out))
`;

interface Flow {
  unscoped: { project_id: string | null; scoped: boolean; has_catalog: boolean };
  auth_projects: string[];
  user_projects: string[];
  rescoped: { project_id: string | null; domain_id: string | null; roles: string[]; expires: string; original_expires: string };
  endpoint: string;
  loadbalancers: { status: number; body: Record<string, unknown> };
}

let world: Awaited<ReturnType<typeof startRestWorld>>;
let server: RestServer;
let home: string;

beforeAll(async () => {
  world = await startRestWorld();
  server = world.server;
  home = fs.mkdtempSync(path.join(os.tmpdir(), "keystoneauth-"));
});
afterAll(async () => {
  fs.rmSync(home, { recursive: true, force: true });
  await world?.close();
});

async function flow(user: string, password: string, mode: "project" | "domain"): Promise<Flow> {
  const result = await execa(PYTHON, ["-c", SCRIPT, `${server.url}/identity/v3`, user, password, mode], {
    reject: false,
    timeout: 120_000,
    // Nothing of the caller's environment (a virtualenv's PATH or PYTHONPATH) reaches it.
    extendEnv: false,
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", HOME: home, LANG: "C.UTF-8" },
  });
  if (result.exitCode !== 0) throw new Error(`keystoneauth flow exited ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Flow;
}

describe("keystoneauth1's password and token plugins", () => {
  it("log in unscoped, list the projects, rescope to one, and reach Octavia with the rescoped token", async () => {
    const out = await flow("demo", "demo-pw-1", "project");
    expect(out.unscoped).toEqual({ project_id: null, scoped: false, has_catalog: false });
    expect(out.auth_projects).toEqual(["demo"]);
    expect(out.user_projects).toEqual(["demo"]);
    expect(out.rescoped).toMatchObject({ project_id: world.w.projectId, domain_id: null, roles: ["load-balancer_member", "member"] });
    expect(Date.parse(out.rescoped.expires)).toBeLessThanOrEqual(Date.parse(out.rescoped.original_expires));
    expect(out.endpoint).toBe(`${server.url}/load-balancer`);
    expect(out.loadbalancers).toEqual({ status: 200, body: expect.objectContaining({ loadbalancers: [] }) });
  });

  it("rescope the cloud admin's token to the Default domain, which Octavia does not take", async () => {
    const out = await flow("admin", "admin-pw-1", "domain");
    expect(out.user_projects).toEqual(["admin", "alt", "demo"]);
    expect(out.rescoped).toMatchObject({ project_id: null, domain_id: "default", roles: ["admin"] });
    expect(out.loadbalancers.status).toBe(401);
  });
});
