import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { startTestRedis } from "@ispn/store-redis/testing";
import { expect, it } from "vitest";
import { IngestProcess } from "../test/crash/ingest-process.ts";
import { sdpIngestEnv } from "../test/crash/sdp-rig.ts";
import { FOUR_LINE, TOKEN } from "../test/harness.ts";

async function allNotes(mock: RunningSdpMock, ticketId: string): Promise<number> {
  let count = 0;
  for (let start = 1; ; start += 100) {
    const page = await mock.helpdesk.listNotes(ticketId, { startIndex: start, rowCount: 100 });
    count += page.items.length;
    if (!page.hasMore) return count;
  }
}

it("3 http-ingest processes on one Redis, 300 concurrent handoffs for one caller → 1 ticket, 299 notes", async (ctx) => {
  const redis = await startTestRedis();
  if ("skip" in redis) {
    console.warn(`Skipping: ${redis.skip}`);
    return ctx.skip();
  }
  const mock = await startSdpMockServer();
  const dataDir = mkdtempSync(join(tmpdir(), "ispn-replicas-"));
  const env = {
    ...sdpIngestEnv(mock, TOKEN),
    STORE_URL: redis.url,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    HANDOFF_BUDGET_MS: "19000",
    PORT: "0",
    DATA_DIR: dataDir,
  };
  const replicas = [new IngestProcess(env), new IngestProcess(env), new IngestProcess(env)];
  try {
    const started = await Promise.all(replicas.map(async (r) => ({ url: await r.start() })));
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        fetch(`${started[i % 3]!.url}/ingest/oa-handoff`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({
            note: FOUR_LINE,
            callerNumber: "+14155550123",
            conversationId: `conv_replica_${i}`,
          }),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { created: boolean; ticketId: string },
        })),
      ),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const created = answers.filter((a) => a.body.created);
    expect(created).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.ticketId)).size).toBe(1);
    const tickets = await mock.helpdesk.listTickets({ page: { rowCount: 100 } });
    expect(tickets.items).toHaveLength(1);
    expect(await allNotes(mock, tickets.items[0]!.id)).toBe(299);
    // one Zoho token for the whole fleet
    expect(mock.oauth.tokenRequests()).toBe(1);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await mock.close();
    await redis.cleanup();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
