/**
 * Builds the Claude Desktop MCP bundle, `build/ispn-helpdesk-<version>.mcpb`: the bundled server
 * (`scripts/bundle.ts`) under `server/`, `mcpb/manifest.json` with this app's version, a
 * package.json (ES modules; where the server reads its version) and the licence, packed by
 * `@anthropic-ai/mcpb`, which validates the manifest on the way.
 *
 *   pnpm mcpb        # from the repository root; prints the bundle's path
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(app, "build");
const staging = join(build, "mcpb");

const bundled = spawnSync(process.execPath, [join(app, "scripts/bundle.ts")], { stdio: "inherit" });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);

const pkg = JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as {
  version: string;
  license: string;
};
const manifest = JSON.parse(readFileSync(join(app, "mcpb/manifest.json"), "utf8")) as Record<string, unknown>;
manifest.version = pkg.version;

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
cpSync(join(app, "dist"), join(staging, "server"), { recursive: true });
writeFileSync(join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(staging, "package.json"),
  `${JSON.stringify({ name: manifest.name, version: pkg.version, private: true, type: "module", license: pkg.license }, null, 2)}\n`,
);
cpSync(join(app, "../../LICENSE"), join(staging, "LICENSE"));

const output = join(build, `${String(manifest.name)}-${pkg.version}.mcpb`);
rmSync(output, { force: true });
const packed = spawnSync(join(app, "node_modules/.bin/mcpb"), ["pack", staging, output], {
  stdio: ["ignore", "pipe", "inherit"],
  encoding: "utf8",
  shell: process.platform === "win32",
});
if (packed.status !== 0) {
  process.stderr.write(packed.stdout);
  process.exit(packed.status ?? 1);
}
process.stdout.write(`${output}\n`);
