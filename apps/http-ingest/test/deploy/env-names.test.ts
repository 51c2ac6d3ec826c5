import { describe, expect, it } from "vitest";
import { parseDockerfile, stageEnv } from "./dockerfile.ts";
import { envExampleNames, interpolatedNames, parseEnvFile, readRepoFile, readYaml } from "./repo-files.ts";

const COMPOSE_FILES = ["compose.yaml", "compose.redis.yaml", "compose.sdp-mock.yaml"];

/** Every variable each deployment file sets or reads, by file. */
function namesByFile(): Record<string, string[]> {
  const dockerfile = readRepoFile("deploy/docker/Dockerfile");
  const byFile: Record<string, string[]> = {
    "deploy/docker/Dockerfile": [
      ...Object.keys(stageEnv(parseDockerfile(dockerfile).at(-1)!)),
      ...[...dockerfile.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!),
    ],
    "deploy/systemd/http-ingest.env": Object.keys(
      parseEnvFile(readRepoFile("deploy/systemd/http-ingest.env")),
    ),
    "deploy/kubernetes/configmap.yaml": Object.keys(readYaml("deploy/kubernetes/configmap.yaml").data),
    "deploy/kubernetes/secret.example.yaml": Object.keys(
      readYaml("deploy/kubernetes/secret.example.yaml").stringData,
    ),
    "deploy/kubernetes/deployment.yaml": readYaml(
      "deploy/kubernetes/deployment.yaml",
    ).spec.template.spec.containers.flatMap((c: { env?: { name: string }[] }) =>
      (c.env ?? []).map((e) => e.name),
    ),
  };
  for (const file of COMPOSE_FILES) {
    const path = `deploy/compose/${file}`;
    const services = Object.values(readYaml(path).services) as { environment?: Record<string, unknown> }[];
    byFile[path] = [
      ...services.flatMap((s) => Object.keys(s.environment ?? {})),
      ...interpolatedNames(readRepoFile(path)),
    ];
  }
  return byFile;
}

describe("deployment files and .env.example", () => {
  it("every variable a deployment file sets or reads is one .env.example documents", () => {
    const documented = envExampleNames();
    const unknown = Object.entries(namesByFile()).flatMap(([file, names]) =>
      names.filter((name) => !documented.has(name)).map((name) => `${file}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it("finds the variables (the check above is not vacuous)", () => {
    const all = new Set(Object.values(namesByFile()).flat());
    for (const name of [
      "HOST",
      "DATA_DIR",
      "STORE_URL",
      "INGEST_TOKENS",
      "SHUTDOWN_DRAIN_DELAY_MS",
      "PORT",
    ]) {
      expect(all).toContain(name);
    }
  });

  it("catches a misspelt variable", () => {
    expect(envExampleNames().has("SHUTDOWN_DRAIN_DELAY")).toBe(false);
    expect(envExampleNames().has("SDP_REFRESH_TOKEN")).toBe(true);
  });
});
