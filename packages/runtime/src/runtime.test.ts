import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@ispn/core";
import { afterAll, describe, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { isConfigError } from "./config-error.ts";
import { createRuntime } from "./create-runtime.ts";
import { defaultDataDir } from "./data-dir.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handoff = {
  note: "Category: Speed\nReason: TwoStepsNoResolve\nSummary: Slow every evening\nConfidence: 0.8",
  callerNumber: "+14155550123",
};

describe("runtime", () => {
  it("puts the default SQLite store and mock tickets in the per-user data directory", () => {
    expect(defaultDataDir({}, "linux", "/home/ana")).toBe("/home/ana/.local/share/ispn-helpdesk-bridge");
    expect(defaultDataDir({ XDG_DATA_HOME: "/xdg" }, "linux", "/home/ana")).toBe("/xdg/ispn-helpdesk-bridge");
    expect(defaultDataDir({}, "darwin", "/Users/ana")).toBe(
      "/Users/ana/Library/Application Support/ispn-helpdesk-bridge",
    );
    const config = readCommonConfig({ DATA_DIR: dir });
    expect(config.store).toEqual({ kind: "sqlite", path: join(dir, "bridge.sqlite") });
    expect(config.helpdesk).toEqual({
      kind: "mock",
      persistPath: join(dir, "mock-helpdesk.sqlite"),
      baseUrl: "http://localhost:3000",
    });
  });

  it("two runtimes over one data directory (two apps on a host) share tickets and dedup", async () => {
    const env = { DATA_DIR: dir };
    const a = await createRuntime({ config: readCommonConfig(env), env, logger: silentLogger });
    const b = await createRuntime({ config: readCommonConfig(env), env, logger: silentLogger });
    const prepared = a.prepare(handoff);
    if (!prepared.ok) throw new Error("fixture");
    const first = await a.handoffs.submit(prepared.value);
    const second = await b.handoffs.submit(prepared.value);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, ticketId: first.ticketId });
    expect((await b.helpdesk.listNotes(first.ticketId)).items).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it("names the SDP variables that are missing when HELPDESK=sdp", async () => {
    const env = { HELPDESK: "sdp", STORE_URL: "memory:" };
    const error = await createRuntime({ config: readCommonConfig(env), env, logger: silentLogger }).catch(
      (e: unknown) => e,
    );
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain("SDP_CLIENT_ID");
  });

  it("uses the deployment's taxonomy and phone region when validating", async () => {
    const env = {
      STORE_URL: "memory:",
      MOCK_PERSIST: "memory",
      EXTRA_CATEGORIES: "Fiber",
      DEFAULT_PHONE_REGION: "GB",
    };
    const runtime = await createRuntime({ config: readCommonConfig(env), env, logger: silentLogger });
    const prepared = runtime.prepare({ ...handoff, category: "fiber", callerNumber: "020 7946 0958" });
    expect(prepared.ok && prepared.value).toMatchObject({ category: "Fiber", callerNumber: "+442079460958" });
    await runtime.close();
  });
});
