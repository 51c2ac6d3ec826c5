import { runStoreContract } from "@ispn/core/testing";
import { afterAll, describe } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping the Redis store contract: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());

describe.skipIf(!env)("Redis stores", () => {
  runStoreContract("redis", async () => {
    const stores = await createRedisStores({ url: env!.url, keyPrefix: env!.freshPrefix() });
    return { stores, teardown: () => stores.close() };
  });
});
