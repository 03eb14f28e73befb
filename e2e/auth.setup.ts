import { test as setup, expect } from "@playwright/test";
import { E2E_USERS, passwordOf, storageStateOf } from "./config";

// The setup project: each seeded role logs in once through auth.login, and its browser state
// (the session cookie) is saved for the specs that run as that role and for their `api` calls.

for (const user of E2E_USERS) {
  setup(`log in as ${user}`, async ({ request, baseURL }) => {
    const res = await request.post("/api/trpc/auth.login", {
      headers: { origin: new URL(baseURL ?? "").origin },
      data: { name: user, password: passwordOf(user) },
    });
    expect(res.status(), `auth.login as ${user}: ${await res.text()}`).toBe(200);
    const state = await request.storageState({ path: storageStateOf(user) });
    expect(state.cookies.map((c) => c.name)).toContain("lbaas_session");
  });
}
