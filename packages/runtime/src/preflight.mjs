// Plain JavaScript on purpose: the apps' entries load this before anything else, and it must run on
// any Node, so an old one gets one clear line instead of a failure deep in an import (`node:sqlite`,
// `.ts` type stripping). No TypeScript syntax, no named imports a Node 20 lacks. Types and
// documentation: preflight.d.mts.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as util from "node:util";

export const MIN_NODE = "22.18";

export function nodeVersionProblem(version) {
  const have = String(version).replace(/^v/, "");
  const [major = 0, minor = 0] = have.split(".").map(Number);
  const [minMajor, minMinor] = MIN_NODE.split(".").map(Number);
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return `ispn: Node ${MIN_NODE} or newer is needed (this is ${have}); see README.md (./scripts/run installs it)`;
}

export function loadDotEnv(env, dirs) {
  const files = [...new Set(dirs.map((dir) => resolve(dir, ".env")))];
  const file = files.find((path) => existsSync(path));
  if (file === undefined) return undefined;
  const values = util.parseEnv(readFileSync(file, "utf8"));
  for (const [name, value] of Object.entries(values)) {
    // The real environment wins: a variable set when starting the app is never replaced by .env.
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}

export function preflight(options) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  const root = options.root instanceof URL ? fileURLToPath(options.root) : options.root;
  return loadDotEnv(process.env, [process.cwd(), root]);
}
