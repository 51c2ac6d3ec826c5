import { type Logger as Pino, pino } from "pino";

/**
 * The app's pino logger, writing JSON lines to stderr (fd 2) synchronously: stdout carries only
 * JSON-RPC. Call sites log only safe fields (tool names, codes, ids); the redaction paths are a
 * second line of defence against a caller number or note passed by mistake.
 */
export function createLogger(level: string, destination: number = 2): Pino {
  return pino(
    {
      level,
      base: { service: "mcp-stdio" },
      redact: {
        paths: [
          "note",
          "*.note",
          "body",
          "*.body",
          "description",
          "*.description",
          "summary",
          "*.summary",
          "callerNumber",
          "*.callerNumber",
          "token",
          "*.token",
          "secret",
          "*.secret",
        ],
        censor: "[redacted]",
      },
    },
    pino.destination({ dest: destination, sync: true }),
  );
}
