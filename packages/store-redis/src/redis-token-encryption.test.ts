import { generateTokenKey, type TokenKeys } from "@ispn/core";
import { createClient, RESP_TYPES } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping Redis token encryption tests: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());

const TOKEN = "1000.7c1e0b5f-zoho-access-token-DISTINCTIVE";
const token = { accessToken: TOKEN, expiresAt: Date.now() + 3_600_000 };

/** Every key under `prefix` with its raw value (DUMP, so any type is covered). */
async function rawValues(prefix: string): Promise<Map<string, Buffer>> {
  const client = createClient({ url: env!.url });
  client.on("error", () => {});
  await client.connect();
  try {
    const found = new Map<string, Buffer>();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
      for (const key of keys) {
        const dump = await client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).dump(key);
        found.set(key.slice(prefix.length), Buffer.from(dump as unknown as Buffer));
      }
    }
    return found;
  } finally {
    client.destroy();
  }
}

async function setRaw(key: string, value: string): Promise<void> {
  const client = createClient({ url: env!.url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.set(key, value);
  } finally {
    client.destroy();
  }
}

const open = (keyPrefix: string, tokenKeys?: TokenKeys) =>
  createRedisStores({ url: env!.url, keyPrefix, ...(tokenKeys ? { tokenKeys } : {}) });

describe.skipIf(!env)("the SDP token in Redis", () => {
  it("is stored sealed: no Redis value contains it, and another replica with the key reads it", async () => {
    const prefix = env!.freshPrefix();
    const tokenKeys = { current: generateTokenKey() };
    const a = await open(prefix, tokenKeys);
    const b = await open(prefix, tokenKeys);
    await a.tokenCache.set("sdp", token);
    expect(await b.tokenCache.get("sdp")).toEqual(token);
    const values = await rawValues(prefix);
    expect([...values.keys()]).toEqual(["token:sdp"]);
    for (const value of values.values()) expect(value.includes(Buffer.from(TOKEN))).toBe(false);
    await a.close();
    await b.close();
  });

  it("written with another key reads as a miss, and the next write replaces it", async () => {
    const prefix = env!.freshPrefix();
    const a = await open(prefix, { current: generateTokenKey() });
    const b = await open(prefix, { current: generateTokenKey() });
    await a.tokenCache.set("sdp", token);
    expect(await b.tokenCache.get("sdp")).toBeUndefined();
    await b.tokenCache.set("sdp", token);
    expect(await b.tokenCache.get("sdp")).toEqual(token);
    await a.close();
    await b.close();
  });

  it("written before a key rotation is read with the previous key", async () => {
    const prefix = env!.freshPrefix();
    const oldKey = generateTokenKey();
    const before = await open(prefix, { current: oldKey });
    const after = await open(prefix, { current: generateTokenKey(), previous: [oldKey] });
    await before.tokenCache.set("sdp", token);
    expect(await after.tokenCache.get("sdp")).toEqual(token);
    await before.close();
    await after.close();
  });

  it("that is garbage, plain JSON of an older release or not JSON reads as a miss, never an error", async () => {
    const prefix = env!.freshPrefix();
    const stores = await open(prefix, { current: generateTokenKey() });
    for (const raw of [JSON.stringify(token), "not json", "null", '{"accessToken":1}']) {
      await setRaw(`${prefix}token:sdp`, raw);
      expect(await stores.tokenCache.get("sdp")).toBeUndefined();
    }
    await stores.close();
  });

  it("without a key is kept in the process, never written to Redis", async () => {
    const prefix = env!.freshPrefix();
    const stores = await open(prefix);
    await stores.tokenCache.set("sdp", token);
    expect(await stores.tokenCache.get("sdp")).toEqual(token);
    expect([...(await rawValues(prefix)).keys()]).toEqual([]);
    await stores.close();
  });
});
