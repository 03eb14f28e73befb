import { describe, expect, it } from "vitest";
import { addServer, deleteServer, enableHealth, RuntimeApiError } from "./runtime-api";

// What the runtime API refuses before anything is sent: the socket does not exist, so a
// command that got past the checks would fail with ENOENT instead.

const SOCKET = "/nonexistent/stats.sock";
const B = "11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222";
const S = "33333333-3333-3333-3333-333333333333";

describe("add server", () => {
  it("takes the renderer's addresses and options, and only those", async () => {
    await expect(addServer(SOCKET, B, S, "127.0.0.1:80", ["weight", "1", "addr", "[::1]", "inter", "2s"])).rejects.toThrow(/ENOENT/);
    await expect(addServer(SOCKET, B, S, "[::1]:80", [])).rejects.toThrow(/ENOENT/);
    for (const address of ["127.0.0.1", "example.com:80", "127.0.0.1:80 check", "[::1%eth0]:80", "999.1.1.1:80"]) {
      await expect(addServer(SOCKET, B, S, address, [])).rejects.toThrow(RuntimeApiError);
    }
    for (const option of ["check;", "a b", "", "x\nshow info", "'quoted'"]) {
      await expect(addServer(SOCKET, B, S, "127.0.0.1:80", ["weight", option])).rejects.toThrow(RuntimeApiError);
    }
  });

  it("names only backends and servers this driver renders", async () => {
    await expect(addServer(SOCKET, `${B} x`, S, "127.0.0.1:80", [])).rejects.toThrow(/not a backend\/server/);
    await expect(enableHealth(SOCKET, B, "srv1")).rejects.toThrow(/not a backend\/server/);
    await expect(deleteServer(SOCKET, B, `${S}/x`)).rejects.toThrow(/not a backend\/server/);
  });
});
