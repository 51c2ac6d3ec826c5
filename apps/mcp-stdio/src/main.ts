#!/usr/bin/env node
/**
 * The `ispn-helpdesk-mcp` entry. Kept tiny on purpose: it turns on Node's on-disk compile cache and
 * keeps stray console output off stdout *before* the rest of the app (and its libraries) is loaded,
 * which is why everything else comes in through a dynamic import.
 */
import { enableCompileCache } from "node:module";

// V8 code cache in the OS temp dir: every start after the first skips compiling the libraries.
enableCompileCache?.();
// stdout is the JSON-RPC channel; any library's console.log/info/debug goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const { start } = await import("./start.ts");
await start();
