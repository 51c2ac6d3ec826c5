import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { startTestRedis } from "@ispn/store-redis/testing";
import { expect, it } from "vitest";
import { FOUR_LINE, TOKEN } from "../test/harness.ts";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));

/** Starts one http-ingest process; resolves with its URL once it listens. */
function startReplica(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--conditions=@ispn/source", main], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) => reject(new Error(`replica exited with ${code}: ${err}`)));
  });
}

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
    HELPDESK: "sdp",
    SDP_BASE_URL: mock.url,
    SDP_PORTAL: mock.portal,
    SDP_ACCOUNTS_URL: mock.accountsUrl,
    SDP_CLIENT_ID: "1000.mockclient",
    SDP_CLIENT_SECRET: "mocksecret",
    SDP_REFRESH_TOKEN: "1000.mockrefresh",
    STORE_URL: redis.url,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    INGEST_TOKENS: TOKEN,
    RATE_LIMIT_PER_SECOND: "100000",
    HANDOFF_BUDGET_MS: "19000",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    DATA_DIR: dataDir,
  };
  const replicas: ChildProcess[] = [];
  try {
    const started = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
    replicas.push(...started.map((r) => r.child));
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
    for (const child of replicas) child.kill("SIGTERM");
    await Promise.all(
      replicas.map((c) => new Promise((r) => (c.exitCode === null ? c.once("exit", r) : r(null)))),
    );
    await mock.close();
    await redis.cleanup();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
