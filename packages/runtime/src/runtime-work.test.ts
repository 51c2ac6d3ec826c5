import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@ispn/core";
import { afterAll, describe, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { createRuntime } from "./create-runtime.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-runtime-work-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runtime.work", () => {
  it("is the persisted mock's RequestWork, shared by two runtimes over one data directory", async () => {
    const env = { DATA_DIR: dir };
    const a = await createRuntime({ config: readCommonConfig(env), logger: silentLogger });
    const b = await createRuntime({ config: readCommonConfig(env), logger: silentLogger });
    const ticket = await a.helpdesk.createTicket({ subject: "work", description: "x" });
    await a.work?.addWorklog(ticket.id, { minutes: 20, description: "Tested the line" });
    expect((await b.work?.listWorklogs(ticket.id))?.items.map((w) => w.minutes)).toEqual([20]);
    await a.close();
    await b.close();
  });

  it("is built for SDP from the validated config, without I/O", async () => {
    const config = readCommonConfig({
      HELPDESK: "sdp",
      SDP_CLIENT_ID: "1000.id",
      SDP_CLIENT_SECRET: "secret",
      SDP_REFRESH_TOKEN: "1000.refresh",
      STORE_URL: "memory:",
    });
    const runtime = await createRuntime({ config, logger: silentLogger });
    expect(typeof runtime.work?.uploadAttachment).toBe("function");
    await runtime.close();
  });
});
