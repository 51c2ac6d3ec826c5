/**
 * stdout is the JSON-RPC channel: anything else written there breaks the client. Imported first by
 * `main.ts`, this sends `console.log`, `console.info` and `console.debug` (of any library) to stderr.
 */
console.log = console.error;
console.info = console.error;
console.debug = console.error;
