import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping the README example: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

describe.skipIf(!env)("README", () => {
  it("runs the usage example as written (with this run's URL and key prefix)", async () => {
    const example = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('from "@ispn/store-redis"');
    const prefix = env!.freshPrefix();
    const source = example!
      .replace(
        '"@ispn/store-redis"',
        JSON.stringify(pathToFileURL(fileURLToPath(new URL("./index.ts", import.meta.url))).href),
      )
      .replace('keyPrefix: "ispn:"', `keyPrefix: ${JSON.stringify(prefix)}`);
    expect(source).toContain(prefix);
    const dir = mkdtempSync(join(tmpdir(), "ispn-readme-"));
    const saved = process.env.STORE_URL;
    process.env.STORE_URL = env!.url;
    try {
      writeFileSync(join(dir, "example.ts"), source);
      await import(/* @vite-ignore */ pathToFileURL(join(dir, "example.ts")).href);
    } finally {
      if (saved === undefined) delete process.env.STORE_URL;
      else process.env.STORE_URL = saved;
      rmSync(dir, { recursive: true, force: true });
    }

    const stores = await createRedisStores({ url: env!.url, keyPrefix: prefix });
    expect(await stores.dedup.get("caller:+15551234567:WiFi", Date.now())).toMatchObject({
      state: "ticket",
      ticket: { id: "123" },
    });
    await stores.close();
  });
});
