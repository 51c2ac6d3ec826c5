import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]): { child: ChildProcess; env: Promise<Record<string, string>> } {
  const proc = spawn(process.execPath, ["--conditions=@ispn/source", CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const env = new Promise<Record<string, string>>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("SDP_REFRESH_TOKEN=")) {
        resolve(
          Object.fromEntries(
            out
              .split("\n")
              .filter((l) => /^[A-Z_]+=/.test(l))
              .map((l) => l.split(/=(.*)/s).slice(0, 2)),
          ),
        );
      }
    });
    proc.on("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  return { child: proc, env };
}

describe("helpdesk-mock command", () => {
  it("prints the env lines for the SDP client, serves them, and stops cleanly on SIGTERM", async () => {
    const started = start(["--port", "0"]);
    child = started.child;
    const env = await started.env;
    expect(Object.keys(env)).toEqual([
      "HELPDESK",
      "SDP_BASE_URL",
      "SDP_PORTAL",
      "SDP_ACCOUNTS_URL",
      "SDP_CLIENT_ID",
      "SDP_CLIENT_SECRET",
      "SDP_REFRESH_TOKEN",
    ]);
    expect(env).toMatchObject({ HELPDESK: "sdp", SDP_PORTAL: "itdesk", SDP_CLIENT_ID: "1000.mockclient" });
    const token = await fetch(`${env.SDP_ACCOUNTS_URL}/oauth/v2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: env.SDP_CLIENT_ID ?? "",
        client_secret: env.SDP_CLIENT_SECRET ?? "",
        refresh_token: env.SDP_REFRESH_TOKEN ?? "",
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const res = await fetch(`${env.SDP_BASE_URL}/app/${env.SDP_PORTAL}/api/v3/requests`, {
      headers: {
        accept: "application/vnd.manageengine.sdp.v3+json",
        authorization: `Zoho-oauthtoken ${token.access_token}`,
      },
    });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses a bad flag with usage on stderr and exit code 2", async () => {
    const proc = spawn(process.execPath, ["--conditions=@ispn/source", CLI, "--port", "nope"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let err = "";
    proc.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port must be 0..65535");
    expect(err).toContain("Usage: helpdesk-mock");
  });
});
