import { describe, expect, it } from "vitest";
import { passwordErrors, projectErrors, projectInput, userErrors, userInput, type UserValues } from "./identity-forms";
import { quotaErrors, quotaKey, quotaTexts, quotaUpdate } from "./quota-form";

const ID = "3f1c1b8e-2c4d-4e5f-8a9b-0c1d2e3f4a5b";
const user = (over: Partial<UserValues> = {}): UserValues => ({
  name: "alice",
  password: "alice-secret-1",
  confirm: "alice-secret-1",
  enabled: true,
  project_id: "",
  role: "",
  ...over,
});

describe("project form", () => {
  it("sends trimmed text and refuses a blank name with the API's message", () => {
    expect(projectInput({ name: " team-a ", description: " A ", enabled: false })).toEqual({ name: "team-a", description: "A", enabled: false });
    expect(projectErrors({ name: "   ", description: "", enabled: true })).toEqual({ name: "Project name is required" });
    expect(projectErrors({ name: "a", description: "x".repeat(256), enabled: true })).toEqual({ description: "description is too long" });
    expect(projectErrors({ name: "a", description: "", enabled: true })).toEqual({});
  });
});

describe("user form", () => {
  it("leaves the first role out unless one is chosen", () => {
    expect(userInput(user())).toEqual({ name: "alice", password: "alice-secret-1", enabled: true });
    expect(userInput(user({ project_id: ID, role: "member" }))).toMatchObject({ project_id: ID, role: "member" });
    expect(userErrors(user())).toEqual({});
  });

  it("checks the password, then that the confirmation repeats it", () => {
    expect(userErrors(user({ password: "short", confirm: "other" }))).toEqual({ password: "Password must be at least 8 characters" });
    expect(userErrors(user({ confirm: "alice-secret-2" }))).toEqual({ confirm: "Passwords do not match" });
    expect(userErrors(user({ name: "" }))).toEqual({ name: "User name is required" });
  });

  it("wants a project and a role together", () => {
    expect(userErrors(user({ project_id: ID }))).toEqual({ role: "Choose the role the user has on the project" });
    expect(userErrors(user({ role: "reader" }))).toEqual({ project_id: "Choose the project the role is on" });
  });

  it("checks a new password the same way", () => {
    expect(passwordErrors(ID, { password: "new-secret-1", confirm: "new-secret-1" })).toEqual({});
    expect(passwordErrors(ID, { password: "", confirm: "" })).toEqual({ password: "Password must be at least 8 characters" });
    expect(passwordErrors(ID, { password: "new-secret-1", confirm: "new-secret-2" })).toEqual({ confirm: "Passwords do not match" });
  });
});

describe("quota form", () => {
  const current = { loadbalancer: -1, listener: 10, pool: 10, member: 50, healthmonitor: -1, floatingip: 50, router: 10 };

  it("sends only the limits that changed, so the others keep following the default", () => {
    const texts = { ...quotaTexts(current), [quotaKey("loadbalancer")]: "3", [quotaKey("member")]: " 50 " };
    expect(quotaUpdate(ID, current, texts)).toEqual({ project_id: ID, quota: { loadbalancer: 3 } });
    expect(quotaUpdate(ID, current, { ...texts, [quotaKey("listener")]: "-1" }).quota).toEqual({ loadbalancer: 3, listener: -1 });
    expect(quotaErrors(ID, current, texts)).toEqual({});
  });

  it("refuses what is not a whole number from -1 on the field, with the API's message", () => {
    const errors = quotaErrors(ID, current, { ...quotaTexts(current), [quotaKey("loadbalancer")]: "", [quotaKey("pool")]: "1.5", [quotaKey("member")]: "-2" });
    expect(errors[quotaKey("loadbalancer")]).toBe("loadbalancer quota must be a whole number from -1 (unlimited) to 2000000000");
    expect(errors[quotaKey("pool")]).toBe("pool quota must be a whole number from -1 (unlimited) to 2000000000");
    expect(errors[quotaKey("member")]).toBe("member quota must be -1 (unlimited) or more");
    expect(quotaErrors(ID, current, { ...quotaTexts(current), [quotaKey("listener")]: "2000000001" })).toEqual({ [quotaKey("listener")]: "listener quota must be at most 2000000000" });
  });
});
