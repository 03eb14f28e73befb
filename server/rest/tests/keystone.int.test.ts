import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import type { RestClient } from "./client";
import { type RestServer, startRestWorld } from "./rest-server";

// Keystone's project and user look-ups over HTTP, as the CLI makes them to turn a project name
// into an id (quota commands): admins see every project and user, anyone else their own.

let w: TestWorld;
let server: RestServer;
let rest: RestClient;
let demo: string;
let admin: string;

type Item = Record<string, unknown> & { id: string; name: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld(97);
  ({ w, server, rest } = world);
  demo = world.tokens.demo;
  admin = world.tokens.admin;
});
afterAll(() => world?.close());

describe("GET /identity/v3/projects", () => {
  it("answers a name in the id's place 404, and finds the project by ?name=", async () => {
    const byId = await rest.call("GET", "/identity/v3/projects/demo", { token: demo });
    expect(byId).toMatchObject({ status: 404, body: { error: { code: 404, title: "Not Found", message: "Could not find project: demo." } } });
    const byName = await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=demo", { token: demo });
    expect(byName.status).toBe(200);
    expect(byName.body.projects).toEqual([
      expect.objectContaining({ id: w.projectId, name: "demo", domain_id: "default", enabled: true, links: { self: `${server.url}/identity/v3/projects/${w.projectId}` } }),
    ]);
    expect((await rest.call("GET", `/identity/v3/projects/${w.projectId}`, { token: demo })).body).toMatchObject({ project: { name: "demo" } });
  });

  it("shows a member only their own projects, an admin every one", async () => {
    expect((await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: demo })).body.projects).toEqual([]);
    expect((await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: admin })).body.projects.map((p) => p.name)).toEqual(["alt"]);
  });

  it("wants a token", async () => {
    expect(await rest.call("GET", "/identity/v3/projects")).toMatchObject({ status: 401, body: { error: { code: 401, title: "Unauthorized" } } });
  });
});

describe("GET /identity/v3/users", () => {
  it("shows a user themselves, an admin everyone", async () => {
    expect((await rest.call<{ users: Item[] }>("GET", "/identity/v3/users", { token: demo })).body.users.map((u) => u.name)).toEqual(["demo"]);
    const all = await rest.call<{ users: Item[] }>("GET", "/identity/v3/users", { token: admin });
    expect(all.body.users.map((u) => u.name)).toEqual(["admin", "alt", "demo", "viewer"]);
    const viewer = all.body.users.find((u) => u.name === "viewer");
    expect((await rest.call("GET", `/identity/v3/users/${viewer?.id}`, { token: admin })).body).toMatchObject({ user: { name: "viewer", domain_id: "default" } });
    expect((await rest.call("GET", `/identity/v3/users/${viewer?.id}`, { token: demo })).status).toBe(404);
  });
});

describe("the rest of /identity through the same handler", () => {
  it("answers discovery and tokens, with a request id, and 404 for what Keystone does not serve here", async () => {
    const discovery = await rest.call<{ version: { id: string } }>("GET", "/identity/v3");
    expect(discovery.body.version.id).toBe("v3.14");
    expect(discovery.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    expect((await rest.call("GET", "/identity/v3/domains", { token: admin })).body).toMatchObject({ error: { code: 404 } });
  });

  it("puts a request id on every answer: discovery, tokens issued, validated and refused, revocation", async () => {
    const id = (res: { headers: Headers }) => res.headers.get("x-openstack-request-id");
    const token = await rest.token("demo", "demo-pw-1");
    const answers = [
      await rest.call("GET", "/identity"),
      await rest.call("GET", "/identity/v3/auth/tokens", { token: admin, headers: { "x-subject-token": token } }),
      await rest.call("POST", "/identity/v3/auth/tokens", { body: { auth: { identity: { methods: ["password"], password: { user: { name: "demo", password: "wrong" } } } } } }),
      await rest.call("DELETE", "/identity/v3/auth/tokens", { token: admin, headers: { "x-subject-token": token } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([300, 200, 401, 204]);
    for (const answer of answers) expect(id(answer)).toMatch(/^req-/);
    expect(new Set(answers.map(id)).size).toBe(answers.length);
  });
});
