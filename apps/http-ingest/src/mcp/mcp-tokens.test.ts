import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@ispn/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readIngestConfig } from "../env.ts";
import { mintCli, mintToken } from "./mint-token.ts";
import { hashToken, parseTokenList } from "./token-file.ts";
import { createTokenRegistry } from "./token-registry.ts";

const silent = { info() {}, error() {} };
const hash = (n: number) => String(n).repeat(64).slice(0, 64);

describe("the MCP token list", () => {
  it("reads JSON or YAML, a bare list or { tokens }, with voice tokens defaulting to read + handoff", () => {
    const yaml = `- name: Ana\n  sha256: ${hash(1)}\n  scopes: [read, write]\n- name: Agent\n  sha256: ${hash(2)}\n  profile: voice\n`;
    const json = JSON.stringify({ tokens: [{ name: "Ana", sha256: hash(1), scopes: ["read", "write"] }] });
    expect(parseTokenList(yaml)).toEqual({
      ok: true,
      entries: [
        { name: "Ana", sha256: hash(1), profile: "person", scopes: ["read", "write"] },
        { name: "Agent", sha256: hash(2), profile: "voice", scopes: ["read", "handoff"] },
      ],
    });
    expect(parseTokenList(json)).toMatchObject({ ok: true, entries: [{ name: "Ana" }] });
  });

  it("names every problem at once, entry by entry", () => {
    const text = JSON.stringify([
      { name: "", sha256: "abc", scopes: ["admin"] },
      { name: "Bo", sha256: hash(3) },
      { name: "Agent", sha256: hash(4), profile: "voice", scopes: ["write"] },
      { name: "Cy", sha256: hash(3), scopes: ["read"], token: "plain" },
    ]);
    const result = parseTokenList(text);
    expect(result.ok).toBe(false);
    const problems = (result as { problems: string[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^token 1 name: name is required/),
        expect.stringMatching(/^token 1 sha256: sha256 must be 64 hex characters/),
        expect.stringMatching(/^token 1 scopes\.0: each scope must be one of read, write, handoff/),
        expect.stringMatching(/^token 2 scopes: give at least one of read, write, handoff/),
        expect.stringMatching(/^token 3 scopes: a voice token cannot have the write scope/),
        expect.stringMatching(/^token 4: Unrecognized key: "token"/),
      ]),
    );
  });

  it("stops start-up naming MCP_TOKENS_FILE and what is wrong in it, with the other bad variables", () => {
    const dir = mkdtempSync(join(tmpdir(), "ispn-tokens-"));
    try {
      const file = join(dir, "tokens.yaml");
      writeFileSync(file, "- name: Ana\n  sha256: nothex\n");
      const read = () =>
        readIngestConfig({
          STORE_URL: "memory:",
          MCP_TOKENS_FILE: file,
          MCP_PUBLIC_URL: "ftp://x",
          PORT: "x",
        });
      expect(read).toThrow(ConfigError);
      const message = (() => {
        try {
          read();
        } catch (error) {
          return (error as Error).message;
        }
        return "";
      })();
      expect(message).toContain(`MCP_TOKENS_FILE: ${file}: token 1 sha256: sha256 must be 64 hex characters`);
      expect(message).toContain("MCP_PUBLIC_URL:");
      expect(message).toContain("PORT:");
      expect(() =>
        readIngestConfig({ STORE_URL: "memory:", MCP_TOKENS_FILE: join(dir, "missing.yaml") }),
      ).toThrow(/MCP_TOKENS_FILE: cannot read .*missing\.yaml: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the token registry", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("accepts a token by its hash only, and several tokens per person (rotation)", () => {
    const old = mintToken();
    const fresh = mintToken();
    const text = JSON.stringify([
      { name: "Ana", sha256: hashToken(old), scopes: ["read"] },
      { name: "Ana", sha256: hashToken(fresh), scopes: ["read"] },
    ]);
    const parsed = parseTokenList(text);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const registry = createTokenRegistry({
      source: { kind: "inline", text },
      entries: parsed.entries,
      logger: silent,
    });
    expect(registry.verify(old)?.name).toBe("Ana");
    expect(registry.verify(fresh)?.name).toBe("Ana");
    expect(registry.verify(hashToken(old))).toBeUndefined();
    expect(registry.verify(`${old}x`)).toBeUndefined();
  });

  it("picks up a revoked or added token on SIGHUP, and keeps the old tokens when the file turns bad", () => {
    dir = mkdtempSync(join(tmpdir(), "ispn-tokens-"));
    const path = join(dir, "tokens.json");
    const a = mintToken();
    const b = mintToken();
    writeFileSync(path, JSON.stringify([{ name: "Ana", sha256: hashToken(a), scopes: ["read"] }]));
    const logger = { info: vi.fn(), error: vi.fn() };
    const parsed = parseTokenList(JSON.stringify([{ name: "Ana", sha256: hashToken(a), scopes: ["read"] }]));
    if (!parsed.ok) throw new Error();
    const registry = createTokenRegistry({ source: { kind: "file", path }, entries: parsed.entries, logger });
    try {
      writeFileSync(path, JSON.stringify([{ name: "Bo", sha256: hashToken(b), scopes: ["write"] }]));
      process.emit("SIGHUP", "SIGHUP");
      expect(registry.verify(a)).toBeUndefined();
      expect(registry.verify(b)?.name).toBe("Bo");
      writeFileSync(path, "[{ name: Bo");
      process.emit("SIGHUP", "SIGHUP");
      expect(registry.verify(b)?.name).toBe("Bo");
      expect(logger.error).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.stringContaining("not valid JSON or YAML") }),
        expect.stringContaining("previous tokens stay in force"),
      );
    } finally {
      registry.close();
    }
  });
});

describe("the token file, edited while running", () => {
  it("is re-read when it changes, without a signal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ispn-tokens-"));
    const path = join(dir, "tokens.yaml");
    const a = mintToken();
    const b = mintToken();
    const text = `- name: Ana\n  sha256: ${hashToken(a)}\n  scopes: [read]\n`;
    writeFileSync(path, text);
    const parsed = parseTokenList(text);
    if (!parsed.ok) throw new Error();
    const registry = createTokenRegistry({
      source: { kind: "file", path },
      entries: parsed.entries,
      logger: silent,
      pollMs: 20,
    });
    try {
      writeFileSync(path, `${text}- name: Bo\n  sha256: ${hashToken(b)}\n  scopes: [write]\n`);
      await vi.waitFor(() => expect(registry.verify(b)?.name).toBe("Bo"), { timeout: 10_000, interval: 20 });
      expect(registry.verify(a)?.name).toBe("Ana");
    } finally {
      registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mcp-token (mint CLI)", () => {
  it("prints a token once and the entry holding only its hash, ready for MCP_TOKENS_FILE", () => {
    const out = mintCli(["Ana", "Admin", "--scopes", "read,write"], (n) => Buffer.alloc(n, 7));
    const token = /token \(shown once\): (\S+)/.exec(out)?.[1] ?? "";
    expect(token).toMatch(/^ispn_mcp_[A-Za-z0-9_-]{43}$/);
    const entry = out.slice(out.indexOf("add to MCP_TOKENS_FILE:") + "add to MCP_TOKENS_FILE:".length);
    expect(entry).not.toContain(token);
    expect(parseTokenList(entry)).toEqual({
      ok: true,
      entries: [
        { name: "Ana Admin", sha256: hashToken(token), profile: "person", scopes: ["read", "write"] },
      ],
    });
    expect(parseTokenList(mintCli(["Agent", "--voice"]).split("MCP_TOKENS_FILE:\n")[1]!)).toMatchObject({
      ok: true,
      entries: [{ profile: "voice" }],
    });
    expect(() => mintCli(["Ana", "--scopes", "admin"])).toThrow(/--scopes takes read,write,handoff/);
    expect(() => mintCli([])).toThrow(/Usage: mcp-token <name>/);
  });
});
