import { describe, expect, it } from "vitest";
import { parseFlavorData } from "./flavors";
import { parseProviderData, pyRepr } from "./provider-data";

describe("pyRepr", () => {
  it("prints values as Python does, for jsonschema's messages", () => {
    expect(pyRepr("x")).toBe("'x'");
    expect(pyRepr(true)).toBe("True");
    expect(pyRepr(null)).toBe("None");
    expect(pyRepr(["SINGLE", "ACTIVE_STANDBY"])).toBe("['SINGLE', 'ACTIVE_STANDBY']");
    expect(pyRepr({ a: 1 })).toBe("{'a': 1}");
  });
});

describe("parseProviderData", () => {
  const keys = { zone: "string", list: "array", on: "boolean", kind: { oneOf: ["A", "B"] } } as const;
  const parse = (text: string) => parseProviderData("amphora", text, "data", keys);

  it("takes an object of known keys, each of its type", () => {
    expect(parse('{"zone": "z", "list": [], "on": false, "kind": "B"}')).toEqual({ zone: "z", list: [], on: false, kind: "B" });
  });

  it("refuses what the schema refuses, with jsonschema's words", () => {
    const unsupported = (message: string) => expect.objectContaining({ field: "data", message: `Provider 'amphora' does not support a requested option: ${message}` });
    expect(() => parse("[]")).toThrow(unsupported("[] is not of type 'object'"));
    expect(() => parse('{"other": 1}')).toThrow(unsupported("Additional properties are not allowed ('other' was unexpected)"));
    expect(() => parse('{"zone": 5}')).toThrow(unsupported("zone 5 is not of type 'string'"));
    expect(() => parse('{"on": "yes"}')).toThrow(unsupported("on 'yes' is not of type 'boolean'"));
    expect(() => parse('{"kind": "C"}')).toThrow(unsupported("kind 'C' is not one of ['A', 'B']"));
    expect(() => parse("{")).toThrow(expect.objectContaining({ message: "{ is not a valid option for data" }));
    expect(() => parseProviderData("ovn", "{}", "data", keys)).toThrow(expect.objectContaining({ message: "Provider 'ovn' is not enabled." }));
  });
});

describe("parseFlavorData", () => {
  it("makes SINGLE the default topology", () => {
    expect(parseFlavorData("amphora", "{}")).toEqual({ topology: "SINGLE" });
    expect(parseFlavorData("amphora", '{"compute_flavor": "1", "sriov_vip": false}')).toEqual({ topology: "SINGLE" });
  });

  it("refuses what no amphora here could honour", () => {
    expect(() => parseFlavorData("amphora", '{"compute_flavor": "2"}')).toThrow("Nova flavor 2 not found.");
    expect(() => parseFlavorData("amphora", '{"amp_image_tag": "amphora"}')).toThrow("Failed to find an image with tag amphora");
    expect(() => parseFlavorData("amphora", '{"sriov_vip": true}')).toThrow("sriov_vip True: this cloud has no SR-IOV ports");
  });
});
