import pino, { type Logger as Pino } from "pino";
import { requestContext } from "./request-context.ts";

/**
 * The app's pino logger: JSON lines, PII redacted. Call sites log only safe fields (masked caller
 * numbers, ids, codes); these paths are a second line of defence for anything passed by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Pino {
  return pino(
    {
      level,
      base: { service: "http-ingest" },
      // Lines logged by libraries while serving a request (the handoff service, the SDP client)
      // carry its id too.
      mixin: () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId } : {};
      },
      redact: {
        paths: [
          "note",
          "*.note",
          "description",
          "*.description",
          "summary",
          "*.summary",
          "transcript",
          "*.transcript",
          "callerNumber",
          "*.callerNumber",
          "authorization",
          "*.authorization",
          "*.headers.authorization",
          '*.headers["x-auth-token"]',
          "token",
          "*.token",
          "secret",
          "*.secret",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
