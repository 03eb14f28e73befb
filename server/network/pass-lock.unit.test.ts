import { describe, expect, it } from "vitest";
import { PassLock } from "./pass-lock";

/** A piece of work that records when it starts and ends, and ends when told. */
function step(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(`${name}+`);
      await done;
      log.push(`${name}-`);
    },
    finish: () => finish(),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("PassLock", () => {
  it("runs shared work side by side, and exclusive work alone in the order queued", async () => {
    const lock = new PassLock();
    const log: string[] = [];
    const [a, b, pass, c] = [step(log, "a"), step(log, "b"), step(log, "pass"), step(log, "c")];
    const runs = [lock.shared(a.work), lock.shared(b.work), lock.exclusive(pass.work), lock.shared(c.work)];
    await turn();
    expect(log).toEqual(["a+", "b+"]);
    a.finish();
    await turn();
    expect(log).toEqual(["a+", "b+", "a-"]);
    b.finish();
    await turn();
    expect(log).toEqual(["a+", "b+", "a-", "b-", "pass+"]);
    pass.finish();
    await turn();
    expect(log.slice(-2)).toEqual(["pass-", "c+"]);
    c.finish();
    await Promise.all(runs);
  });

  it("goes on after a failure", async () => {
    const lock = new PassLock();
    await expect(lock.exclusive(async () => Promise.reject(new Error("pass failed")))).rejects.toThrow("pass failed");
    await expect(lock.shared(async () => Promise.reject(new Error("plug failed")))).rejects.toThrow("plug failed");
    expect(await lock.exclusive(async () => "next")).toBe("next");
  });
});
