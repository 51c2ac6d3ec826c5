import {
  assertNoProblems,
  type CommonConfig,
  type ConfigProblem,
  readCommonConfig,
  readNumber,
} from "@ispn/runtime/config";

/** Everything mcp-stdio reads from the environment; the only place that reads `process.env`. */
export interface McpConfig {
  /** The settings shared with http-ingest (helpdesk, store, data dir, dedup window, …). */
  common: CommonConfig;
  /** Budget of one tool call (helpdesk calls included) before it is abandoned. */
  callTimeoutMs: number;
  /** Largest JSON-RPC message read from stdin, in bytes; a larger one is refused with an error. */
  maxMessageBytes: number;
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration: the shared names through `@ispn/runtime`, plus
 * `MCP_CALL_TIMEOUT_MS` and `MCP_MAX_MESSAGE_BYTES`. Throws `ConfigError` naming every bad variable.
 */
export function readMcpConfig(env: Env = process.env): McpConfig {
  const problems: ConfigProblem[] = [];
  const common = readCommonConfig(env, problems);
  const callTimeoutMs = readNumber(env, "MCP_CALL_TIMEOUT_MS", 30_000, problems, {
    min: 1000,
    max: 600_000,
  });
  const maxMessageBytes = readNumber(env, "MCP_MAX_MESSAGE_BYTES", 10 * 1024 * 1024, problems, {
    min: 1024,
    max: 512 * 1024 * 1024,
  });
  assertNoProblems(problems);
  return { common, callTimeoutMs, maxMessageBytes };
}
