import {
  createApp,
  createIngestRuntime,
  createLogger,
  createMetrics,
  readIngestConfig,
} from "@ispn/http-ingest";
import { createHarness, fourLineNote, type Harness, tempDir } from "@ispn/mcp-server/testing";
import { afterEach, describe, expect, it } from "vitest";

const TOKEN = "cross-app-token-0123456789";

/** http-ingest as it runs by default (SQLite store + persisted mock) on the given data directory. */
async function startIngest(dataDir: string) {
  const config = readIngestConfig({ DATA_DIR: dataDir, INGEST_TOKENS: TOKEN });
  const logger = createLogger("silent");
  const metrics = createMetrics();
  const runtime = await createIngestRuntime({ config, logger, metrics });
  const app = createApp({ runtime, config, logger, metrics });
  const handoff = async (body: Record<string, unknown>) => {
    const res = await app.request("/ingest/oa-handoff", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { created: boolean; ticketId: string };
  };
  return { handoff, close: () => runtime.close() };
}

describe("a handoff via MCP and one via HTTP on one host", () => {
  let dir: ReturnType<typeof tempDir>;
  let mcp: Harness | undefined;
  let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
  afterEach(async () => {
    await mcp?.close();
    await ingest?.close();
    dir.remove();
  });

  it("share one ticket when HTTP comes first", async () => {
    dir = tempDir();
    ingest = await startIngest(dir.path);
    mcp = await createHarness({ dataDir: dir.path });
    const viaHttp = await ingest.handoff({
      note: fourLineNote(),
      callerNumber: "(415) 555-0123",
      conversationId: "conv_http",
    });
    const viaMcp = await mcp.ok<{ created: boolean; ticketId: string }>("handoff_submit", {
      note: fourLineNote(),
      callerNumber: "+1 415 555 0123",
    });
    expect(viaHttp.created).toBe(true);
    expect(viaMcp).toMatchObject({ created: false, ticketId: viaHttp.ticketId });
    expect((await mcp.runtime.helpdesk.listNotes(viaHttp.ticketId)).items).toHaveLength(1);
  });

  it("share one ticket when MCP comes first", async () => {
    dir = tempDir();
    mcp = await createHarness({ dataDir: dir.path });
    ingest = await startIngest(dir.path);
    const viaMcp = await mcp.ok<{ created: boolean; ticketId: string }>("handoff_submit", {
      note: fourLineNote("Speed", "Slow every evening"),
      callerNumber: "4155550199",
    });
    const viaHttp = await ingest.handoff({
      note: fourLineNote("Speed", "Still slow"),
      callerNumber: "+14155550199",
    });
    expect(viaMcp.created).toBe(true);
    expect(viaHttp).toMatchObject({ created: false, ticketId: viaMcp.ticketId });
  });
});
