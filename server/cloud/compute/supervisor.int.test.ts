import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { eventually } from "@/server/testing/stack";
import { supervise } from "./supervisor";

// Supervision with real (tiny) child processes: a child that cannot start fails the start, a
// crash loop is restarted with backoff a bounded number of times, and stop ends it for good.

/** A node child with an IPC channel running `code`. */
const child = (code: string) => () => spawn(process.execPath, ["-e", code], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const READY_THEN_EXIT = "process.send({ type: 'ready' }); setTimeout(() => process.exit(1), 30);";
const READY_AND_STAY = "process.send({ type: 'ready' }); process.on('disconnect', () => process.exit(0));";
const quiet = () => undefined;

describe("supervise", () => {
  it("rejects when the first child exits before it is ready", async () => {
    await expect(supervise({ name: "t", spawn: child("process.exit(3)"), onReady: quiet, log: quiet })).rejects.toThrow(
      "t exited (code 3) before it was ready",
    );
  });

  it("kills and rejects a first child that never becomes ready", async () => {
    await expect(
      supervise({ name: "t", spawn: child("setInterval(() => {}, 1000)"), onReady: quiet, readyTimeoutMs: 500, log: quiet }),
    ).rejects.toThrow("t exited (signal SIGKILL) before it was ready");
  });

  it("restarts a crashing child with growing delays, and gives up after maxAttempts", async () => {
    const readyAt: number[] = [];
    const lines: string[] = [];
    const s = await supervise({
      name: "t",
      spawn: child(READY_THEN_EXIT),
      onReady: () => void readyAt.push(Date.now()),
      backoff: { initialMs: 50, maxMs: 400, maxAttempts: 3 },
      log: (m) => void lines.push(m),
    });
    await eventually(async () => (s.state === "failed" ? true : undefined), 20_000, "giving up");
    expect(readyAt).toHaveLength(4); // the first and three restarts
    expect(lines.filter((l) => l.includes("restarting in")).map((l) => /restarting in (\d+) ms/.exec(l)?.[1])).toEqual(["50", "100", "200"]);
    expect(lines.at(-1)).toContain("not restarting it again");
    const started = Date.now();
    expect(await s.ready(5_000)).toBeNull(); // no waiting on a child that will not come
    expect(Date.now() - started).toBeLessThan(500);
    expect(s.pid).toBeNull();
  });

  it("stops for good: the child exits and nothing restarts it", async () => {
    let ready = 0;
    const s = await supervise({ name: "t", spawn: child(READY_AND_STAY), onReady: () => void ready++, backoff: { initialMs: 10 }, log: quiet });
    const pid = s.pid!;
    await s.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect({ ready, state: s.state, pid: s.pid }).toEqual({ ready: 1, state: "stopped", pid: null });
  });
});
