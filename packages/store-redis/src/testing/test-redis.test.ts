import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import { startTestRedis } from "./test-redis.ts";

const plainClient = (url: string) => createClient({ url, socket: { reconnectStrategy: false } });

/** Runs `chore` with a plain client on `url` (fails at once when nothing listens there). */
async function onRedis<T>(url: string, chore: (client: ReturnType<typeof plainClient>) => Promise<T>) {
  const client = plainClient(url);
  client.on("error", () => {});
  await client.connect();
  try {
    return await chore(client);
  } finally {
    client.destroy();
  }
}

describe("startTestRedis", () => {
  const saved = { PATH: process.env.PATH, REDIS_URL: process.env.REDIS_URL, CI: process.env.CI };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("skips with a reason when no Redis can be had, but throws under CI", async () => {
    delete process.env.REDIS_URL;
    delete process.env.CI;
    process.env.PATH = "/nonexistent";
    expect(await startTestRedis()).toEqual({ skip: expect.stringContaining("redis-server") });
    expect(await startTestRedis({ own: true })).toEqual({ skip: expect.stringContaining("redis-server") });
    process.env.CI = "true";
    await expect(startTestRedis()).rejects.toThrow(/CI must run the Redis tests/);
  });

  it("refuses a REDIS_URL that does not answer instead of skipping", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    await expect(startTestRedis()).rejects.toThrow(/REDIS_URL is set but Redis is not reachable/);
  });

  it("cleanup deletes this run's keys and nothing else", async (ctx) => {
    const redis = await startTestRedis();
    if ("skip" in redis) {
      console.warn(`Skipping: ${redis.skip}`);
      return ctx.skip();
    }
    // a foreign key, and one that merely starts like the prefix without its final ':'
    const foreign = [
      `ispn-test-foreign:${randomUUID()}`,
      `${redis.keyPrefix.slice(0, -1)}-other:${randomUUID()}`,
    ];
    const own = [`${redis.keyPrefix}a`, `${redis.freshPrefix()}b`];
    try {
      await onRedis(redis.url, async (client) => {
        for (const key of [...own, ...foreign])
          await client.set(key, "1", { expiration: { type: "PX", value: 60_000 } });
      });
      await redis.cleanup();
      const exists = await onRedis(redis.url, (client) =>
        Promise.all([...own, ...foreign].map((key) => client.exists(key))),
      );
      expect(exists).toEqual([0, 0, 1, 1]);
    } finally {
      await onRedis(redis.url, (client) => client.del(foreign));
      await redis.stop();
    }
  });

  it("restarts an own server on the same port, empty", async (ctx) => {
    const redis = await startTestRedis({ own: true });
    if ("skip" in redis) {
      console.warn(`Skipping: ${redis.skip}`);
      return ctx.skip();
    }
    try {
      const key = `${redis.keyPrefix}k`;
      await onRedis(redis.url, (client) => client.set(key, "1"));
      await redis.stop();
      await expect(onRedis(redis.url, (client) => client.ping())).rejects.toThrow();
      await redis.restart();
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await onRedis(redis.url, (client) => client.exists(key))).toBe(0);
    } finally {
      await redis.stop();
    }
  });

  it("keeps the data of a persisting own server across halt and restart", async (ctx) => {
    const redis = await startTestRedis({ own: true, persist: true });
    if ("skip" in redis) {
      console.warn(`Skipping: ${redis.skip}`);
      return ctx.skip();
    }
    try {
      const key = `${redis.keyPrefix}durable`;
      await onRedis(redis.url, (client) => client.set(key, "kept"));
      await redis.halt();
      await expect(onRedis(redis.url, (client) => client.ping())).rejects.toThrow();
      await redis.restart();
      expect(await onRedis(redis.url, (client) => client.get(key))).toBe("kept");
    } finally {
      await redis.stop();
    }
  });
});
