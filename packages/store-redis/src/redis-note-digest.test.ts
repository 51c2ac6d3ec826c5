import { runNoteDigestContract } from "@ispn/core/testing";
import { afterAll, describe } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping coalesced notes on Redis: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());

describe.skipIf(!env)("Redis outbox", () => {
  runNoteDigestContract("Redis", async () => {
    const stores = await createRedisStores({ url: env!.url, keyPrefix: env!.freshPrefix() });
    return { stores, teardown: () => stores.close() };
  });
});
