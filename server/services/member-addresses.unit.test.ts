import { describe, expect, it } from "vitest";
import { controlPlaneAddresses } from "./member-addresses";

// The addresses no member may have: the control plane's, from the settings it runs with.

describe("controlPlaneAddresses", () => {
  it("always holds loopback's 127.0.0.1 and the metadata service's 169.254.169.254", () => {
    expect(controlPlaneAddresses({ HOST: "0.0.0.0", DATABASE_URL: undefined })).toEqual(["127.0.0.1", "169.254.169.254"]);
  });

  it("adds the address the server listens on and its database's, when they are addresses", () => {
    expect(controlPlaneAddresses({ HOST: "127.10.9.9", DATABASE_URL: "postgres://lbaas:pw@10.0.0.7:5432/lbaas" })).toEqual([
      "127.0.0.1",
      "169.254.169.254",
      "127.10.9.9",
      "10.0.0.7",
    ]);
    expect(controlPlaneAddresses({ HOST: "127.0.0.1", DATABASE_URL: "postgres://db.internal/lbaas" })).toEqual(["127.0.0.1", "169.254.169.254"]);
  });
});
