import { ConfigError } from "@ispn/runtime";
import { describe, expect, it } from "vitest";
import { readMcpConfig } from "./env.ts";

describe("readMcpConfig", () => {
  it("reads the shared names with http-ingest's defaults: SQLite and the persisted mock in DATA_DIR", () => {
    const config = readMcpConfig({ DATA_DIR: "/tmp/ispn-x" });
    expect(config.common.store).toEqual({ kind: "sqlite", path: "/tmp/ispn-x/bridge.sqlite" });
    expect(config.common.helpdesk).toMatchObject({
      kind: "mock",
      persistPath: "/tmp/ispn-x/mock-helpdesk.sqlite",
    });
    expect(config.common.dedupWindowMs).toBe(240 * 60_000);
    expect(config.callTimeoutMs).toBe(30_000);
    expect(config.maxMessageBytes).toBe(10 * 1024 * 1024);
  });

  it("reads MCP_MAX_MESSAGE_BYTES and refuses a limit too small for any real message", () => {
    expect(readMcpConfig({ DATA_DIR: "/tmp/x", MCP_MAX_MESSAGE_BYTES: "65536" }).maxMessageBytes).toBe(65536);
    expect(() => readMcpConfig({ DATA_DIR: "/tmp/x", MCP_MAX_MESSAGE_BYTES: "10" })).toThrow(
      /MCP_MAX_MESSAGE_BYTES: "10" is not a whole number from 1024 to/,
    );
  });

  it("reads MCP_CALL_TIMEOUT_MS", () => {
    expect(readMcpConfig({ DATA_DIR: "/tmp/x", MCP_CALL_TIMEOUT_MS: "5000" }).callTimeoutMs).toBe(5000);
  });

  it("names every bad variable at once, shared and own", () => {
    let error: unknown;
    try {
      readMcpConfig({ DATA_DIR: "/tmp/x", MCP_CALL_TIMEOUT_MS: "soon", HELPDESK: "jira" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/MCP_CALL_TIMEOUT_MS: "soon" is not a whole number from 1000 to 600000/);
    expect(message).toMatch(/HELPDESK: "jira" is not a helpdesk/);
  });
});
