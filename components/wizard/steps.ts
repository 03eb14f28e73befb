import type { WizardMode } from "./state";

// The wizard's steps, in order, and which step owns a field key (see validate.ts).

export const STEPS = [
  { id: "details", title: "Load Balancer Details" },
  { id: "listener", title: "Listener Details" },
  { id: "pool", title: "Pool Details" },
  { id: "members", title: "Pool Members" },
  { id: "monitor", title: "Monitor Details" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];
export type Step = (typeof STEPS)[number];

/** The steps a mode shows: a listener on an existing load balancer starts at Listener Details. */
export function stepsFor(mode: WizardMode): readonly Step[] {
  return mode.kind === "listener" ? STEPS.filter((s) => s.id !== "details") : STEPS;
}

/** "lb.name" -> details, "member.m3.weight" -> members; "_" (no field) -> null: shown on top. */
export function stepOfField(key: string): StepId | null {
  const section = key.split(".")[0];
  switch (section) {
    case "lb":
      return "details";
    case "listener":
      return "listener";
    case "pool":
      return "pool";
    case "members":
    case "member":
      return "members";
    case "monitor":
      return "monitor";
    default:
      return null;
  }
}
