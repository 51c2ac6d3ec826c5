import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { YOUNG_GENERATION_FLAGS } from "../../src/young-generation.ts";
import { argsOf, parseDockerfile, stageEnv } from "./dockerfile.ts";
import { readRepoFile } from "./repo-files.ts";

const stages = parseDockerfile(readRepoFile("deploy/docker/Dockerfile"));
const build = stages[0]!;
const runtime = stages.at(-1)!;
const rootPackage = JSON.parse(readRepoFile("package.json"));

/** Runs the image's HEALTHCHECK command (exec form) with this environment; resolves its exit code. */
function runHealthcheck(env: Record<string, string>): Promise<number | null> {
  const [command, ...args] = JSON.parse(argsOf(runtime, "HEALTHCHECK")[0]!.replace(/^.*?CMD\s+/, ""));
  return new Promise((resolve) => {
    spawn(command === "node" ? process.execPath : command, args, { env, stdio: "ignore" }).on(
      "exit",
      (code) => resolve(code),
    );
  });
}

let server: Server | undefined;
afterEach(() => server?.close());

/** A stand-in for http-ingest answering `/healthz` with this status; resolves its port. */
async function fakeApp(status: number): Promise<number> {
  server = createServer((req, res) => res.writeHead(req.url === "/healthz" ? status : 404).end());
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("deploy/docker/Dockerfile", () => {
  it("builds in one stage and runs Node 24 slim in another", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.image).toMatch(/^node:24[.\w-]*-slim$/);
    expect(build.image).toMatch(/^node:24/);
  });

  it("installs from the lockfile with the pnpm package.json pins, and compiles", () => {
    const runs = argsOf(build, "RUN").join("\n");
    expect(runs).toContain(`pnpm@${rootPackage.packageManager.replace(/^pnpm@/, "")}`);
    expect(runs).toMatch(/pnpm install --frozen-lockfile/);
    expect(runs).toMatch(/pnpm build/);
    expect(runs).toMatch(/pnpm --filter=@ispn\/http-ingest deploy --prod \/out/);
  });

  it("ships only the production tree: no install, no sources, no toolchain in the runtime stage", () => {
    expect(argsOf(runtime, "RUN").join("\n")).not.toMatch(/pnpm|npm install/);
    expect(argsOf(runtime, "COPY")).toEqual([`--from=${build.name} /out /app`]);
    expect(argsOf(runtime, "CMD").map((cmd) => JSON.parse(cmd))).toEqual([
      ["node", ...YOUNG_GENERATION_FLAGS, "dist/main.js"],
    ]);
  });

  it("runs as a non-root user and keeps its data in a volume (root filesystem may be read-only)", () => {
    const user = argsOf(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    expect(user!.split(":")[0]).not.toMatch(/^(root|0)$/);
    const env = stageEnv(runtime);
    expect(env).toMatchObject({ HOST: "0.0.0.0", PORT: "3000", DATA_DIR: "/data" });
    expect(env.STORE_URL).toBe(`sqlite:${env.DATA_DIR}/bridge.sqlite`);
    expect(argsOf(runtime, "VOLUME")).toEqual(['["/data"]']);
    expect(argsOf(runtime, "EXPOSE")).toEqual(["3000"]);
  });

  it("HEALTHCHECK asks /healthz with node (slim images have no curl): healthy on 200", async () => {
    expect(argsOf(runtime, "HEALTHCHECK")[0]).toMatch(/CMD \["node",/);
    const port = await fakeApp(200);
    expect(await runHealthcheck({ PORT: String(port) })).toBe(0);
  });

  it("HEALTHCHECK is unhealthy on an error status or when nothing listens", async () => {
    const port = await fakeApp(500);
    expect(await runHealthcheck({ PORT: String(port) })).toBe(1);
    server!.close();
    expect(await runHealthcheck({ PORT: String(port) })).toBe(1);
  });
});

describe(".dockerignore", () => {
  const ignored = readRepoFile(".dockerignore")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"));

  it("keeps local installs, builds, secrets and git out of the build context", () => {
    expect(ignored).toEqual(
      expect.arrayContaining(["**/node_modules", "**/dist", ".git", ".env", "*.sqlite"]),
    );
  });

  it("keeps what the build needs: manifests, lockfile, workspace sources", () => {
    for (const needed of ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json", "packages", "apps"]) {
      expect(ignored.filter((pattern) => pattern === needed || pattern === `${needed}/`)).toEqual([]);
    }
  });
});
