import { describe, expect, it } from "vitest";
import { createTokenCipher, generateTokenKey, parseTokenKey } from "./token-cipher.ts";

const TOKEN = "1000.zoho-access-token-Zq9XvY3k";

describe("token cipher (AES-256-GCM)", () => {
  const key = generateTokenKey();
  const cipher = createTokenCipher({ current: key });

  it("opens what it sealed, and the sealed text does not contain the token", () => {
    const sealed = cipher.seal(TOKEN, "ctx");
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString("base64"));
    expect(cipher.open(sealed, "ctx")).toBe(TOKEN);
  });

  it("uses a fresh IV per seal", () => {
    expect(cipher.seal(TOKEN, "ctx")).not.toBe(cipher.seal(TOKEN, "ctx"));
  });

  it("does not open under another context (a value copied to another cache key)", () => {
    expect(cipher.open(cipher.seal(TOKEN, "a"), "b")).toBeUndefined();
  });

  it("does not open a tampered value (the tag is checked)", () => {
    const sealed = cipher.seal(TOKEN, "ctx");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(cipher.open(parts.join("."), "ctx")).toBeUndefined();
  });

  it("reads nothing sealed by an unknown key, plain text or garbage", () => {
    const other = createTokenCipher({ current: generateTokenKey() });
    expect(other.open(cipher.seal(TOKEN, "ctx"), "ctx")).toBeUndefined();
    expect(cipher.open(TOKEN, "ctx")).toBeUndefined();
    expect(cipher.open("v1.x.y.z", "ctx")).toBeUndefined();
    expect(cipher.open("", "ctx")).toBeUndefined();
  });

  it("after a rotation reads values of a previous key and writes with the new one", () => {
    const oldSealed = cipher.seal(TOKEN, "ctx");
    const rotated = createTokenCipher({ current: generateTokenKey(), previous: [key] });
    expect(rotated.open(oldSealed, "ctx")).toBe(TOKEN);
    const newSealed = rotated.seal(TOKEN, "ctx");
    expect(cipher.open(newSealed, "ctx")).toBeUndefined();
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createTokenCipher({ current: new Uint8Array(16) })).toThrow(/32 bytes/);
  });
});

describe("parseTokenKey", () => {
  const key = Buffer.from(generateTokenKey());
  it.each([
    ["base64", key.toString("base64")],
    ["base64 without padding", key.toString("base64").replace(/=$/, "")],
    ["base64url", key.toString("base64url")],
    ["hex", key.toString("hex")],
    ["hex with a newline (a key file)", `${key.toString("hex")}\n`],
  ])("reads %s", (_name, text) => {
    expect(Buffer.from(parseTokenKey(text)!)).toEqual(key);
  });

  it.each([
    ["a passphrase", "correct horse battery staple"],
    ["16 bytes", Buffer.alloc(16, 1).toString("base64")],
    ["63 hex digits", key.toString("hex").slice(1)],
    ["empty", ""],
  ])("refuses %s", (_name, text) => {
    expect(parseTokenKey(text)).toBeUndefined();
  });
});
