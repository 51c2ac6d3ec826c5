import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";

/**
 * Sets a header of the answer. Served on Node, it goes on Node's response, as the secure headers do
 * (`server.ts`): a header set through Hono builds a Web `Headers` object for the answer, and an
 * answer whose headers Hono never touched is written from a plain record. Under `app.request()`
 * (no Node response) it is set through Hono.
 */
export function setAnswerHeader(c: Context<AppEnv>, name: string, value: string): void {
  const outgoing = c.env?.outgoing;
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}
