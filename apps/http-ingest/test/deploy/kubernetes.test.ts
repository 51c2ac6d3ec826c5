import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readIngestConfig } from "../../src/env.ts";
import { argsOf, parseDockerfile } from "./dockerfile.ts";
import { REPO_ROOT, readRepoFile, readYaml, type Yaml } from "./repo-files.ts";

const k8s = (file: string) => readYaml(`deploy/kubernetes/${file}`);
const deployment = k8s("deployment.yaml");
const configMap = k8s("configmap.yaml");
const secret = k8s("secret.example.yaml");
const service = k8s("service.yaml");
const pdb = k8s("pdb.yaml");
const pod = deployment.spec.template.spec;
const container: Yaml = pod.containers[0];
const config: Record<string, string> = configMap.data;

describe("deploy/kubernetes", () => {
  it("holds a Deployment, Service, PodDisruptionBudget, ConfigMap and an example Secret", () => {
    expect([deployment, service, pdb, configMap, secret].map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([
      "apps/v1 Deployment",
      "v1 Service",
      "policy/v1 PodDisruptionBudget",
      "v1 ConfigMap",
      "v1 Secret",
    ]);
  });

  it("kustomization applies every object but the example Secret, and every file it lists exists", () => {
    const { resources } = k8s("kustomization.yaml");
    expect(resources).toEqual(["configmap.yaml", "deployment.yaml", "service.yaml", "pdb.yaml"]);
    for (const file of resources)
      expect(existsSync(new URL(`deploy/kubernetes/${file}`, REPO_ROOT))).toBe(true);
  });

  it("the example Secret is marked as such and holds only placeholders", () => {
    expect(readRepoFile("deploy/kubernetes/secret.example.yaml")).toMatch(
      /^# EXAMPLE ONLY — PLACEHOLDER VALUES/,
    );
    for (const value of Object.values<string>(secret.stringData)) expect(value).toMatch(/<[^>]+>/);
  });

  it("takes its settings from the ConfigMap and the Secret, and those settings start the app", () => {
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
    const filled = {
      STORE_URL: "redis://:pw@redis.internal:6379",
      SDP_CLIENT_ID: "1000.ABCDEFGH",
      SDP_CLIENT_SECRET: "secret",
      SDP_REFRESH_TOKEN: "1000.refresh",
      TOKEN_ENCRYPTION_KEY: "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
      INGEST_TOKENS: "0123456789abcdef0123456789abcdef",
      ELEVENLABS_WEBHOOK_SECRETS: "wsec_0123456789",
    };
    expect(Object.keys(filled).sort()).toEqual(Object.keys(secret.stringData).sort());
    expect(readIngestConfig({ ...config, ...filled })).toMatchObject({ host: "0.0.0.0", port: 3000 });
  });

  it("probes readiness on /readyz and liveness on /healthz, on the port the app listens on", () => {
    const port = container.ports.find((p: Yaml) => p.name === container.readinessProbe.httpGet.port);
    expect(port.containerPort).toBe(Number(config.PORT));
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
  });

  it("drains: readiness fails within SHUTDOWN_DRAIN_DELAY_MS, the grace period covers drain and stop", () => {
    const drainMs = Number(config.SHUTDOWN_DRAIN_DELAY_MS);
    const { periodSeconds, failureThreshold } = container.readinessProbe;
    expect(periodSeconds * failureThreshold * 1000).toBeLessThan(drainMs);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      drainMs + Number(config.SHUTDOWN_TIMEOUT_MS),
    );
  });

  it("runs as the image's non-root user on a read-only root filesystem without privileges", () => {
    const runtime = parseDockerfile(readRepoFile("deploy/docker/Dockerfile")).at(-1)!;
    const [uid, gid] = argsOf(runtime, "USER").at(-1)!.split(":").map(Number);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    const mounts = container.volumeMounts.map((m: Yaml) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining([config.DATA_DIR, "/tmp"]));
  });

  it("requests resources and caps memory", () => {
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits.memory).toBeDefined();
  });

  it("the Service and the PodDisruptionBudget select the Deployment's pods", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports[0].targetPort).toBe("http");
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
  });
});
