import { generateTokenKey } from "@ispn/core";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { createSdpClient } from "@ispn/sdp-client";
import { createRedisStores } from "@ispn/store-redis";
import { startTestRedis } from "@ispn/store-redis/testing";
import { expect, it } from "vitest";

// One Zoho token per fleet, not per replica: Zoho allows about 10 token mints per 10 minutes.
it("5 SDP clients sharing the Redis token cache, token expired, 100 concurrent calls → 1 token request", async (ctx) => {
  const redis = await startTestRedis();
  if ("skip" in redis) {
    console.warn(`Skipping: ${redis.skip}`);
    return ctx.skip();
  }
  const mock = await startSdpMockServer();
  // every replica holds the same token encryption key (TOKEN_ENCRYPTION_KEY), or they cannot share
  const tokenKeys = { current: generateTokenKey() };
  const replicas = await Promise.all(
    Array.from({ length: 5 }, () =>
      createRedisStores({ url: redis.url, keyPrefix: redis.keyPrefix, tokenKeys }),
    ),
  );
  try {
    const clients = replicas.map((stores) =>
      createSdpClient({
        baseUrl: mock.url,
        portal: mock.portal,
        accountsUrl: mock.accountsUrl,
        clientId: "1000.mockclient",
        clientSecret: "mocksecret",
        refreshToken: "1000.mockrefresh",
        tokenCache: stores.tokenCache,
        metadataTtlMs: 0,
      }),
    );
    const key = `sdp:token:${new URL(mock.accountsUrl).host}:1000.mockclient`;
    await replicas[0]!.tokenCache.set(key, { accessToken: "1000.expired", expiresAt: Date.now() - 1000 });
    const before = mock.oauth.tokenRequests();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => clients[i % 5]!.requests.list({ rowCount: 1 })),
    );
    expect(results).toHaveLength(100);
    expect(mock.oauth.tokenRequests() - before).toBe(1);
  } finally {
    await Promise.all(replicas.map((s) => s.close()));
    await mock.close();
    await redis.cleanup();
    await redis.stop();
  }
});
