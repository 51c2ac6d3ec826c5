import { describe, expect, it } from "vitest";
import { lazyJsonSchemaValidator } from "./lazy-json-schema-validator.ts";

describe("lazyJsonSchemaValidator", () => {
  it("validates like the SDK's default (Ajv with formats) once asked", () => {
    const validate = lazyJsonSchemaValidator().getValidator<{ email: string }>({
      type: "object",
      properties: { email: { type: "string", format: "email" } },
      required: ["email"],
    });
    expect(validate({ email: "tech@example.com" })).toMatchObject({ valid: true });
    expect(validate({ email: "not an address" })).toMatchObject({ valid: false });
    expect(validate({})).toMatchObject({ valid: false });
  });
});
