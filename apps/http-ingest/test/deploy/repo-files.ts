import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

/** The repository root (this file is apps/http-ingest/test/deploy/repo-files.ts). */
export const REPO_ROOT = new URL("../../../../", import.meta.url);

/** The text of a file given relative to the repository root. */
export function readRepoFile(path: string): string {
  return readFileSync(new URL(path, REPO_ROOT), "utf8");
}

/** Every YAML document in a repository file, as plain objects; throws on a syntax error. */
export function readYamlDocs(path: string): Record<string, unknown>[] {
  return parseAllDocuments(readRepoFile(path)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Record<string, unknown>;
  });
}

/** Parsed YAML: its shape is what the tests assert. */
// biome-ignore lint/suspicious/noExplicitAny: the assertions check the shape.
export type Yaml = Record<string, any>;

/** The one YAML document of a repository file. */
export function readYaml<T = Yaml>(path: string): T {
  const docs = readYamlDocs(path);
  if (docs.length !== 1) throw new Error(`${path}: expected one YAML document, found ${docs.length}`);
  return docs[0] as T;
}

/** Every variable `.env.example` names, set (`NAME=`) or commented out (`# NAME=`). */
export function envExampleNames(): Set<string> {
  const names = [...readRepoFile(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  return new Set(names);
}

/** The default `.env.example` gives a variable (its uncommented `NAME=value` line). */
export function envExampleDefault(name: string): string | undefined {
  return readRepoFile(".env.example").match(new RegExp(`^${name}=(.*)$`, "m"))?.[1];
}

/** `KEY=value` lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = line.match(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}

/**
 * Compose-style interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}` from `env`;
 * throws the message when a required variable is unset, as `docker compose` does.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const set = env[name];
      if (set !== undefined && set !== "") return set;
      if (op === "?") throw new Error(`${name}: ${arg}`);
      return op === "-" ? (arg ?? "") : "";
    },
  );
}

/** The names interpolated as `${VAR…}` in a text. */
export function interpolatedNames(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
}
