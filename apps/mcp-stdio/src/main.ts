#!/usr/bin/env node
/**
 * The `ispn-helpdesk-mcp` entry. Kept tiny on purpose: before the rest of the app (and its
 * libraries) is loaded, which is why everything else comes in through a dynamic import, it
 * - checks the Node version: on one too old it prints one line to stderr and exits 1. Its compiled
 *   form (`dist/main.js`) must therefore load on any Node: no static imports of what an old Node
 *   lacks (`node:sqlite`, named exports newer than Node 20);
 * - loads `.env` (current directory, else the repository root; the real environment wins);
 * - turns on Node's on-disk compile cache and keeps stray console output off stdout.
 */
import nodeModule from "node:module";
import { preflight } from "@ispn/runtime/preflight";

preflight({ root: new URL("../../../", import.meta.url) });
// V8 code cache in the OS temp dir: every start after the first skips compiling the libraries.
nodeModule.enableCompileCache?.();
// stdout is the JSON-RPC channel; any library's console.log/info/debug goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const { start } = await import("./start.ts");
await start();
