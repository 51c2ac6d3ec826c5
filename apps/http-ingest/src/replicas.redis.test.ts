import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { startTestRedis } from "@ispn/store-redis/testing";
import { expect, it } from "vitest";
import { IngestProcess } from "../test/crash/ingest-process.ts";
import { sdpIngestEnv } from "../test/crash/sdp-rig.ts";
import { FOUR_LINE, TOKEN } from "../test/harness.ts";
import { mentionsOnTicket } from "../test/ticket-mentions.ts";

it("3 http-ingest processes on one Redis, 300 concurrent handoffs for one caller → 1 ticket with every caller once", async (ctx) => {
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
    // the joined callers' notes, written alone or in digests (NOTE_DIGEST_MS), once each
    for (let i = 0; i < 600; i++) {
      const ready = (await (await fetch(`${started[0]!.url}/readyz`)).json()) as {
        checks: { outbox: { depth: number } };
      };
      if (ready.checks.outbox.depth === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const mentions = await mentionsOnTicket(mock.helpdesk, tickets.items[0]!.id, /conv_replica_\d+/g);
    expect([...mentions.keys()].sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `conv_replica_${i}`).sort(),
    );
    expect([...mentions.values()].every((n) => n === 1)).toBe(true);
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
