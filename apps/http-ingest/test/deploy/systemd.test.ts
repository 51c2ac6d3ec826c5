import { describe, expect, it } from "vitest";
import { readIngestConfig } from "../../src/env.ts";
import { YOUNG_GENERATION_FLAGS } from "../../src/young-generation.ts";
import { parseEnvFile, readRepoFile } from "./repo-files.ts";
import { parseUnit } from "./systemd-unit.ts";

const unit = parseUnit(readRepoFile("deploy/systemd/ispn-http-ingest.service"));
const service = unit.Service!;
const one = (key: string) => service[key]?.at(-1);
const template = parseEnvFile(readRepoFile("deploy/systemd/http-ingest.env"));

describe("deploy/systemd/ispn-http-ingest.service", () => {
  it("runs the built app with Node 24 from /opt or /usr/local, not Debian's older /usr/bin/node", () => {
    const [node, ...args] = one("ExecStart")!.split(/\s+/);
    expect(node).not.toBe("/usr/bin/node");
    expect(node).toMatch(/^\/(opt|usr\/local)\/.+\/bin\/node$/);
    // With the young-generation flags every launcher passes (src/young-generation.ts).
    expect(args).toEqual([...YOUNG_GENERATION_FLAGS, "apps/http-ingest/dist/main.js"]);
    expect(one("WorkingDirectory")).toMatch(/^\//);
  });

  it("runs as the dedicated ispn user with the settings in /etc/ispn/http-ingest.env", () => {
    expect(one("User")).toBe("ispn");
    expect(one("Group")).toBe("ispn");
    expect(one("EnvironmentFile")).toBe("/etc/ispn/http-ingest.env");
  });

  it("is hardened: no privileges, read-only system, private /tmp, only its data directory writable", () => {
    expect(service).toMatchObject({
      NoNewPrivileges: ["true"],
      ProtectSystem: ["strict"],
      ProtectHome: ["true"],
      PrivateTmp: ["true"],
      CapabilityBoundingSet: [""],
    });
    expect(service.ReadWritePaths).toEqual([template.DATA_DIR]);
    expect(`/var/lib/${one("StateDirectory")}`).toBe(template.DATA_DIR);
    // V8 writes machine code at run time: this option would kill Node at start-up.
    expect(service.MemoryDenyWriteExecute).toBeUndefined();
  });

  it("keeps the SQLite store inside the writable data directory", () => {
    expect(template.STORE_URL).toBe(`sqlite:${template.DATA_DIR}/bridge.sqlite`);
  });

  it("gives the graceful stop longer than the app takes (drain, then in-flight requests)", () => {
    const appStopMs = Number(template.SHUTDOWN_DRAIN_DELAY_MS ?? 0) + 30_000;
    expect(Number(one("TimeoutStopSec")) * 1000).toBeGreaterThan(appStopMs);
    expect(one("KillSignal")).toBe("SIGTERM");
  });

  it("starts at boot after the network", () => {
    expect(unit.Unit?.After).toContain("network-online.target");
    expect(unit.Install?.WantedBy).toEqual(["multi-user.target"]);
  });
});

describe("deploy/systemd/http-ingest.env (the template of /etc/ispn/http-ingest.env)", () => {
  it("listens on loopback only, behind the proxy that overwrites X-Forwarded-For", () => {
    expect(template).toMatchObject({ HOST: "127.0.0.1", PORT: "3000", TRUST_PROXY: "loopback" });
  });

  it("marks every value the operator must fill in, and is valid once they are", () => {
    const placeholders = Object.entries(template).filter(([, value]) => value.startsWith("<"));
    expect(placeholders.map(([name]) => name).sort()).toEqual(
      [
        "ELEVENLABS_WEBHOOK_SECRETS",
        "INGEST_TOKENS",
        "SDP_CLIENT_ID",
        "SDP_CLIENT_SECRET",
        "SDP_DATA_CENTER",
        "SDP_PORTAL",
        "SDP_REFRESH_TOKEN",
      ].sort(),
    );
    const filled = {
      ...template,
      SDP_DATA_CENTER: "EU",
      SDP_PORTAL: "itdesk",
      SDP_CLIENT_ID: "1000.ABCDEFGH",
      SDP_CLIENT_SECRET: "secret",
      SDP_REFRESH_TOKEN: "1000.refresh",
      INGEST_TOKENS: "0123456789abcdef0123456789abcdef",
      ELEVENLABS_WEBHOOK_SECRETS: "wsec_0123456789",
    };
    expect(readIngestConfig(filled)).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      trustProxy: { kind: "addresses", addresses: ["loopback"] },
    });
  });
});
