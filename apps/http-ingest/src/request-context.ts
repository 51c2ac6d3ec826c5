import { AsyncLocalStorage } from "node:async_hooks";

/** The request being served, so every log line written while serving it carries its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();
