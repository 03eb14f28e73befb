import { TRPCClientError } from "@trpc/client";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { errorFor, schemaErrors, serverErrors, unplacedErrors } from "./form-errors";
import { listOf, nullableInt, nullableText, optionalInt, textOf } from "./form-values";

const schema = z.strictObject({ weight: z.number().max(256, { error: "too heavy" }), cidrs: z.array(z.cidrv4({ error: "bad cidr" })) });

describe("form errors", () => {
  it("keeps the first message per dotted path", () => {
    expect(schemaErrors(schema, { weight: 300, cidrs: ["x"] })).toEqual({ weight: "too heavy", "cidrs.0": "bad cidr" });
    expect(schemaErrors(schema, { weight: 1, cidrs: [] })).toEqual({});
  });

  it("reads the server's fieldErrors", () => {
    const err = TRPCClientError.from({ error: { message: "m", code: -32600, data: { code: "CONFLICT", fieldErrors: { address: ["taken", "again"] } } } });
    expect(serverErrors(err)).toEqual({ address: "taken" });
    expect(serverErrors(new Error("plain"))).toEqual({});
  });

  it("places errors inside a field on that field, and the rest at the top", () => {
    const errors = { "cidrs.1": "bad cidr", _: "whole input", subnet_id: "nope" };
    expect(errorFor(errors, "cidrs")).toBe("bad cidr");
    expect(errorFor(errors, "cidr")).toBeUndefined();
    expect(unplacedErrors(errors, ["cidrs"])).toEqual(["whole input", "subnet_id: nope"]);
  });
});

describe("form values", () => {
  it("reads numbers strictly and blanks as absent", () => {
    expect(optionalInt("")).toBeUndefined();
    expect(optionalInt(" 42 ")).toBe(42);
    expect(optionalInt("-1")).toBe(-1);
    expect(optionalInt("1.5")).toBeNaN();
    expect(optionalInt("abc")).toBeNaN();
    expect(nullableInt("")).toBeNull();
    expect(nullableText("  ")).toBeNull();
    expect(nullableText(" a ")).toBe("a");
    expect(textOf(null)).toBe("");
    expect(textOf(5)).toBe("5");
    expect(listOf("a, b\nc  ,")).toEqual(["a", "b", "c"]);
  });
});
