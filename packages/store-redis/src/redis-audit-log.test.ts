import { afterAll, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping Redis audit log tests: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());

it.skipIf(!env)("keeps the newest auditCapacity entries, shared by every replica", async () => {
  const prefix = env!.freshPrefix();
  const a = await createRedisStores({ url: env!.url, keyPrefix: prefix, auditCapacity: 3 });
  const b = await createRedisStores({ url: env!.url, keyPrefix: prefix, auditCapacity: 3 });
  try {
    for (let i = 0; i < 5; i++) {
      await (i % 2 ? a : b).audit.append({
        at: i,
        actor: "Ana",
        via: "http",
        tool: "ticket_update",
        outcome: "ok",
      });
    }
    expect((await a.audit.query()).map((e) => e.at)).toEqual([4, 3, 2]);
    expect((await b.audit.query({ since: 3 })).map((e) => e.at)).toEqual([4, 3]);
  } finally {
    await a.close();
    await b.close();
  }
});
