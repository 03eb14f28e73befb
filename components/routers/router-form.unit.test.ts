import { describe, expect, it } from "vitest";
import { routerCreateErrors, routerInput } from "./router-form";

describe("Create Router's form", () => {
  it("sends the name trimmed, and a gateway only when an external network is chosen", () => {
    expect(routerInput({ name: " r1 ", external_gateway_info: "" })).toEqual({ name: "r1" });
    const id = "6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11";
    expect(routerInput({ name: "r1", external_gateway_info: id })).toEqual({ name: "r1", external_gateway_info: { network_id: id } });
  });

  it("checks with the API's own schema and words", () => {
    expect(routerCreateErrors({ name: "r1", external_gateway_info: "" })).toEqual({});
    expect(routerCreateErrors({ name: "x".repeat(256), external_gateway_info: "" })).toEqual({ name: "name must be at most 255 characters" });
  });
});
