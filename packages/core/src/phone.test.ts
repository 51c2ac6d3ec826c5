import { describe, expect, it } from "vitest";
import { maskPhone, normalizePhone } from "./phone.ts";

describe("normalizePhone", () => {
  it.each([
    ["(415) 555-0123", "US", "+14155550123"],
    ["415.555.0123", "US", "+14155550123"],
    ["+1 415 555 0123", "US", "+14155550123"],
    ["1-415-555-0123", "US", "+14155550123"],
    ["tel:+14155550123", "US", "+14155550123"],
    ["+44 20 7946 0958", "US", "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["0412 345 678", "AU", "+61412345678"],
    ["  +14155550123  ", "US", "+14155550123"],
  ])("reads %s (region %s) as %s", (input, region, expected) => {
    expect(normalizePhone(input, region)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "is empty"],
    ["12", "wrong number of digits"],
    ["555-CALL-NOW", "not a phone number"],
    ["+1 415 555 01234567", "wrong number of digits"],
    ["+1 011 555 0123", "not a valid number"],
  ])("refuses %j with a message saying what is wrong", (input, fragment) => {
    const result = normalizePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toContain(fragment);
  });
});

describe("maskPhone", () => {
  it.each([
    ["+14155550123", "+1******0123"],
    ["+442079460958", "+44******0958"],
    ["4155550123", "******0123"],
    ["123", "***"],
  ])("masks %s as %s", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it("keeps undefined", () => {
    expect(maskPhone(undefined)).toBeUndefined();
  });
});
