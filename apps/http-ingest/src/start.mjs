#!/usr/bin/env node
// `pnpm start`'s entry, plain JavaScript so that it runs on any Node: checks the Node version (one
// line and exit code 1 when too old) and loads `.env` (current directory, else the repository root;
// the real environment wins), then loads the TypeScript service from its sources.
import { preflight } from "@ispn/runtime/preflight";

preflight({ root: new URL("../../../", import.meta.url) });
await import("./main.ts");
