/**
 * Builds the self-contained server a user installs: `dist/main.js` plus lazily loaded chunks in
 * `dist/`, with the workspace packages (from their sources) and the npm libraries bundled in, so the
 * packed tarball has no dependencies and `npx -y <tarball>` needs no registry. Only Node's built-ins
 * (`node:sqlite` among them) stay imports.
 *
 *   node scripts/bundle.ts          # = pnpm --filter @ispn/mcp-stdio build; runs before every pack
 *
 * Code splitting keeps `dist/main.js` down to the Node version preflight: everything else, whose
 * imports an old Node cannot even link (`node:sqlite`), sits in chunks loaded after it. The chunks sit
 * beside `main.js`, one level below package.json, where `src/version.ts` looks for the version.
 * `dist/tools-list.json` is the `tools/list` answer for the default taxonomy (scripts/tools-list.ts).
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(app, "dist");

/**
 * Our workspace packages have no import-time side effects (factories only; no bare `import "…"`),
 * so what the server does not use is left out. Without this, `@ispn/helpdesk-mock`'s index pulls in
 * its HTTP server and `@hono/node-server`, whose import alone loads Node's fetch implementation
 * (about a tenth of the cold start).
 */
const workspaceSideEffectFree: Plugin = {
  name: "workspace-side-effect-free",
  setup(b) {
    b.onResolve({ filter: /^(\.|@ispn\/)/ }, async (args) => {
      if (args.pluginData === "resolving") return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "resolving",
      });
      if (resolved.errors.length > 0 || !/[\\/]packages[\\/][^\\/]+[\\/]src[\\/]/.test(resolved.path))
        return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: app,
  entryPoints: { main: "src/main.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // Workspace packages from their TypeScript sources, like the tests (no prior build needed).
  conditions: ["@ispn/source"],
  packages: "bundle",
  chunkNames: "chunk-[hash]",
  // Bundled CommonJS libraries (pino, ajv, …) call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __ispnCreateRequire } from "node:module"; const require = __ispnCreateRequire(import.meta.url);',
  },
  plugins: [workspaceSideEffectFree],
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});

// The tools/list answer of the live definitions, for the default taxonomy: the built server sends it
// instead of converting every tool's schemas on each start (src/prebuilt-tools-list.ts).
const toolsList = spawnSync(
  process.execPath,
  ["--conditions=@ispn/source", join(app, "scripts/tools-list.ts")],
  {
    cwd: app,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  },
);
if (toolsList.status !== 0) throw new Error(`scripts/tools-list.ts failed:\n${toolsList.stderr}`);
writeFileSync(join(outdir, "tools-list.json"), toolsList.stdout);

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(
  `bundled ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB, into ${outdir}\n`,
);
