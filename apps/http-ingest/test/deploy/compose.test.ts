import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readIngestConfig } from "../../src/env.ts";
import { parseDockerfile, stageEnv } from "./dockerfile.ts";
import { findBlocks, parseNginx } from "./nginx-conf.ts";
import { interpolate, REPO_ROOT, readRepoFile, readYaml, type Yaml } from "./repo-files.ts";

type Service = Yaml;
const compose = (file: string) => readYaml<{ services: Record<string, Service> }>(`deploy/compose/${file}`);
const imageEnv = stageEnv(parseDockerfile(readRepoFile("deploy/docker/Dockerfile")).at(-1)!);
const TOKEN = "compose-test-token-0123456789";

/** What the container sees: the image's ENV, then the service's `environment`, interpolated. */
function containerEnv(...services: Service[]): Record<string, string> {
  const env: Record<string, string> = { ...imageEnv };
  for (const service of services) {
    for (const [name, value] of Object.entries(service.environment ?? {})) {
      env[name] = interpolate(String(value), { INGEST_TOKENS: TOKEN });
    }
  }
  return env;
}

/** The host path `build` points at exists: context relative to deploy/compose, Dockerfile to it. */
function expectBuildsTheImage(service: Service): void {
  const context = new URL(`${service.build.context}/`, new URL("deploy/compose/", REPO_ROOT));
  expect(context.href).toBe(REPO_ROOT.href);
  expect(existsSync(new URL(service.build.dockerfile, context))).toBe(true);
}

describe("deploy/compose/compose.yaml (one host, SQLite)", () => {
  const { services } = compose("compose.yaml");
  const app = services["http-ingest"]!;

  it("builds the image and keeps the SQLite store in a volume on a read-only root", () => {
    expectBuildsTheImage(app);
    const env = containerEnv(app);
    expect(app.volumes).toContain(`ispn-data:${env.DATA_DIR}`);
    expect(env.STORE_URL).toBe(`sqlite:${env.DATA_DIR}/bridge.sqlite`);
    expect(app.read_only).toBe(true);
  });

  it("publishes the port on this host only, for the TLS proxy", () => {
    expect(app.ports).toEqual(["127.0.0.1:3000:3000"]);
  });

  it("starts with its settings and nothing else (the demo helpdesk)", () => {
    expect(() => readIngestConfig(containerEnv(app))).not.toThrow();
  });

  it("gives the graceful stop time to finish", () => {
    expect(Number.parseInt(app.stop_grace_period, 10) * 1000).toBeGreaterThan(30_000);
  });
});

describe("deploy/compose/compose.redis.yaml (3 replicas on Redis)", () => {
  const { services } = compose("compose.redis.yaml");
  const app = services["http-ingest"]!;

  it("runs Redis with its append-only file in a volume", () => {
    const redis = services.redis!;
    expect(redis.command.join(" ")).toContain("--appendonly yes");
    expect(redis.volumes).toEqual(["redis-data:/data"]);
    expect(redis.healthcheck.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("runs three replicas of the image sharing that Redis, started once Redis answers", () => {
    expectBuildsTheImage(app);
    expect(app.deploy.replicas).toBe(3);
    expect(containerEnv(app).STORE_URL).toBe("redis://redis:6379");
    expect(app.depends_on.redis.condition).toBe("service_healthy");
  });

  it("refuses to start without INGEST_TOKENS: each replica would otherwise make up its own", () => {
    expect(() => interpolate(app.environment.INGEST_TOKENS, {})).toThrow(/INGEST_TOKENS/);
    expect(() => readIngestConfig(containerEnv(app))).not.toThrow();
  });

  it("balances through a proxy that overwrites X-Forwarded-For, which TRUST_PROXY relies on", () => {
    const proxy = services.proxy!;
    const [source] = proxy.volumes[0].split(":");
    const conf = parseNginx(readRepoFile(`deploy/compose/${source.replace(/^\.\//, "")}`));
    const upstream = findBlocks(conf, "upstream")[0]!;
    expect(upstream.children?.find((d) => d.name === "server")?.args[0]).toBe("http-ingest:3000");
    expect(containerEnv(app).TRUST_PROXY).toBe("1");
    expect(readIngestConfig(containerEnv(app)).trustProxy).toEqual({ kind: "hops", hops: 1 });
    expect(proxy.ports).toEqual(["127.0.0.1:8080:8080"]);
  });

  it("drains a stopping replica before it closes, within the grace period", () => {
    const env = containerEnv(app);
    const drain = Number(env.SHUTDOWN_DRAIN_DELAY_MS);
    expect(drain).toBeGreaterThan(0);
    expect(Number.parseInt(app.stop_grace_period, 10) * 1000).toBeGreaterThan(drain + 30_000);
  });
});

describe("deploy/compose/compose.sdp-mock.yaml (a trial with HELPDESK=sdp against the mock)", () => {
  const { services } = compose("compose.sdp-mock.yaml");
  const mock = services["sdp-mock"]!;
  const base = compose("compose.yaml").services["http-ingest"]!;

  it("runs the mock's CLI from the image (http-ingest depends on @ispn/helpdesk-mock)", () => {
    const mockPackage = JSON.parse(readRepoFile("packages/helpdesk-mock/package.json"));
    const ingestPackage = JSON.parse(readRepoFile("apps/http-ingest/package.json"));
    expect(ingestPackage.dependencies["@ispn/helpdesk-mock"]).toBeDefined();
    const cli = mockPackage.bin["helpdesk-mock"].replace(/^\.\//, "");
    expect(mock.command.slice(0, 2)).toEqual(["node", `node_modules/@ispn/helpdesk-mock/${cli}`]);
    expect(mock.command).toEqual(expect.arrayContaining(["--host", "0.0.0.0", "--port", "8089"]));
    expectBuildsTheImage(mock);
  });

  it("points http-ingest at the mock under its service name and port, and the settings start", () => {
    const env = containerEnv(base, services["http-ingest"]!);
    expect(env.HELPDESK).toBe("sdp");
    expect(env.SDP_BASE_URL).toBe("http://sdp-mock:8089");
    expect(env.SDP_ACCOUNTS_URL).toBe("http://sdp-mock:8089");
    expect(() => readIngestConfig(env)).not.toThrow();
    expect(services["http-ingest"]!.depends_on["sdp-mock"].condition).toBe("service_healthy");
  });

  it("overrides the image's /healthz check, which the mock does not serve", () => {
    expect(mock.healthcheck.test.join(" ")).toContain("http://127.0.0.1:8089/");
  });
});
