// The wizard's steps, in order, and which step owns a field key (see validate.ts).

export const STEPS = [
  { id: "details", title: "Load Balancer Details" },
  { id: "listener", title: "Listener Details" },
  { id: "pool", title: "Pool Details" },
  { id: "members", title: "Pool Members" },
  { id: "monitor", title: "Monitor Details" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];

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
