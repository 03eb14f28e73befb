import { env } from "@/server/env";

/** The session timing the settings ask for. */
export const sessionSettings = () => ({ idleMs: env().SESSION_IDLE_MINUTES * 60_000, absoluteMs: env().SESSION_MAX_HOURS * 3_600_000 });
