#!/usr/bin/env node
/**
 * The `ispn-http-ingest` entry (and `dist/main.js` after a build). Kept tiny on purpose: it checks
 * the Node version first — on one too old it prints one line to stderr and exits 1 — and loads
 * `.env` (current directory, else the repository root; the real environment wins). Everything else
 * comes in through a dynamic import, so its compiled form loads on any Node (a static import of
 * `node:sqlite` would fail before the check could run).
 */
import { preflight } from "@ispn/runtime/preflight";

preflight({ root: new URL("../../../", import.meta.url) });
await import("./serve.ts");
