import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));

/**
 * Starts the real entry on a free port with `env` and a fresh data directory; resolves once it
 * listens. `output()` is everything it wrote to stdout; `stop()` kills it and removes the directory.
 */
async function startMain(env: Record<string, string>, dirPrefix: string, nodeArgs: string[] = []) {
  const { spawn } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const child = spawn(process.execPath, ["--conditions=@ispn/source", ...nodeArgs, main], {
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  let out = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", () => {
        const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    return { url, child, output: () => out, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

it("refuses to start on misconfiguration, naming the variable, with exit code 1", () => {
  const result = spawnSync(process.execPath, ["--conditions=@ispn/source", main], {
    env: { PATH: process.env.PATH, PORT: "99999", STORE_URL: "memory:", MOCK_PERSIST: "memory" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("PORT:");
  expect(result.stderr).toContain('"99999" is not a whole number from 0 to 65535');
  expect(result.stdout).toBe("");
});

it("on SIGTERM answers readiness 503 for SHUTDOWN_DRAIN_DELAY_MS, then stops cleanly", async () => {
  const server = await startMain({ SHUTDOWN_DRAIN_DELAY_MS: "1500" }, "ispn-drain-");
  const { url, child } = server;
  try {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    const draining = await fetch(`${url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ status: "not_ready", draining: true });
    expect(await exited).toBe(0);
  } finally {
    server.stop();
  }
}, 30_000);

it("with HELPDESK=sdp and nothing else, names every missing variable in one message and opens nothing", async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dataDir = mkdtempSync(join(tmpdir(), "ispn-sdp-config-"));
  try {
    const result = spawnSync(process.execPath, ["--conditions=@ispn/source", main], {
      env: { PATH: process.env.PATH, HELPDESK: "sdp", DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        "Invalid configuration:",
        "  SDP_CLIENT_ID: is required (the Zoho API console client id, 1000.…)",
        "  SDP_CLIENT_SECRET: is required (the Zoho API console client secret)",
        "  SDP_REFRESH_TOKEN: is required (run sdp-oauth-onboard to get one)",
        "  INGEST_TOKENS: set INGEST_TOKENS (or INGEST_HMAC_SECRETS) when HELPDESK=sdp; generate one with: openssl rand -hex 32",
        "See .env.example for every variable.",
        "",
      ].join("\n"),
    );
    // Stopped before opening the store: nothing was created in the data directory.
    expect(readdirSync(dataDir)).toEqual([]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it("refuses an unsigned post-call webhook before the app: no 100 Continue, one warn line for many", async () => {
  const { rawRequest } = await import("../test/raw-http.ts");
  const server = await startMain({ ELEVENLABS_WEBHOOK_SECRETS: "wsec_main_test_0123456789" }, "ispn-gate-");
  const { url } = server;
  try {
    for (let i = 0; i < 5; i++) {
      const request = rawRequest(url, {
        path: "/webhooks/elevenlabs/post-call",
        headers: { "content-type": "application/json", "content-length": "30000000", expect: "100-continue" },
      });
      expect((await request.response).status).toBe(401);
      request.socket.destroy();
    }
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('ispn_errors_total{code="unauthorized"} 5');
    const warnings = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string });
    expect(warnings.map((l) => l.msg)).toEqual([
      "post-call webhooks refused for their ElevenLabs-Signature header, unread",
    ]);
  } finally {
    server.stop();
  }
}, 30_000);

it("bounds the heap's growth at start-up (HEAP_GROWTH_PERCENT, 100 by default; 0 leaves V8's own)", async () => {
  // V8 prints the growing factor it uses whenever a full collection sets a new limit; the server
  // gets one full collection on SIGUSR2, once it listens (so after its start-up code ran).
  const nodeArgs = [
    "--expose-gc",
    "--trace-gc-verbose",
    "--import=data:text/javascript,process.on('SIGUSR2',()=>globalThis.gc())",
  ];
  const startUp = async (env: Record<string, string>) => {
    const server = await startMain(
      { LOG_LEVEL: "info", STORE_URL: "memory:", MOCK_PERSIST: "memory", ...env },
      "ispn-heap-",
      nodeArgs,
    );
    try {
      server.child.kill("SIGUSR2");
      // The log is written asynchronously, and the collection comes when the signal is handled.
      for (let waited = 0; waited < 10_000; waited += 50) {
        const out = server.output();
        const factor = /\[HeapController\] factor (\d+\.\d)/.exec(
          out.slice(out.indexOf("listening on")),
        )?.[1];
        const line = out
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as { msg: string; heapGrowthPercent?: number })
          .find((l) => l.msg === "http-ingest listening");
        if (factor && line) return { factor, logged: line.heapGrowthPercent };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no factor or start-up line in:\n${server.output()}`);
    } finally {
      server.stop();
    }
  };
  expect(await startUp({})).toEqual({ factor: "2.0", logged: 100 });
  expect(await startUp({ HEAP_GROWTH_PERCENT: "50" })).toEqual({ factor: "1.5", logged: 50 });
  // 0: V8's own factor, which depends on the machine (heap-growth.test.ts checks no flag is set).
  expect((await startUp({ HEAP_GROWTH_PERCENT: "0" })).logged).toBeUndefined();
}, 60_000);

it("says at start-up whether V8's young generation is fixed, and with which flags to fix it", async () => {
  const { YOUNG_GENERATION_FLAGS } = await import("./young-generation.ts");
  const startUp = async (nodeArgs: readonly string[]) => {
    const server = await startMain(
      { LOG_LEVEL: "info", STORE_URL: "memory:", MOCK_PERSIST: "memory" },
      "ispn-young-",
      [...nodeArgs],
    );
    try {
      const lines = () =>
        server
          .output()
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as { msg: string; semiSpaceMb?: number; nodeFlags?: string });
      for (
        let waited = 0;
        waited < 10_000 && !lines().some((l) => l.msg === "http-ingest listening");
        waited += 50
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // Both lines are written in the same turn; give the logger's stream a moment more.
      await new Promise((r) => setTimeout(r, 300));
      const listening = lines().find((l) => l.msg === "http-ingest listening");
      const hint = lines().find((l) => l.msg.startsWith("V8's young generation is not fixed"));
      return { semiSpaceMb: listening?.semiSpaceMb, hintFlags: hint?.nodeFlags };
    } finally {
      server.stop();
    }
  };
  expect(await startUp(YOUNG_GENERATION_FLAGS)).toEqual({ semiSpaceMb: 16, hintFlags: undefined });
  expect(await startUp([])).toEqual({
    semiSpaceMb: undefined,
    hintFlags: "--min-semi-space-size=16 --max-semi-space-size=16",
  });
}, 60_000);
