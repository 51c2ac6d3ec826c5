import { afterEach, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import type { SdpObserver } from "./index.ts";
import { operationLabel } from "./observer.ts";

let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

function recorder() {
  const calls: { operation: string; outcome: string; seconds: number }[] = [];
  const mints: string[] = [];
  const observer: SdpObserver = {
    onApiCall: (call) => void calls.push(call),
    onTokenMint: ({ outcome }) => void mints.push(outcome),
  };
  return { calls, mints, observer };
}

it("reports every API call by operation and outcome, and every token mint", async () => {
  const { calls, mints, observer } = recorder();
  fixture = await startMockWithClient({ client: { observer } });
  const { client, mock } = fixture;
  await client.requests.list({ rowCount: 1 });
  await client.requests.get("999999").catch(() => undefined);
  mock.oauth.expireAccessTokens();
  await client.requests.list({ rowCount: 1 });
  expect(calls.map(({ operation, outcome }) => `${operation} ${outcome}`)).toEqual([
    "GET /requests ok",
    "GET /requests/:id not_found",
    "GET /requests unauthorized",
    "GET /requests ok",
  ]);
  for (const call of calls) expect(call.seconds).toBeGreaterThanOrEqual(0);
  expect(mints).toEqual(["ok", "ok"]);
});

it("reports a throttled mint as throttled", async () => {
  const { mints, observer } = recorder();
  fixture = await startMockWithClient({
    server: { mintLimit: { max: 1, windowMs: 600_000, httpStatus: 400 } },
    client: { observer },
  });
  await fixture.client.requests.list();
  fixture.mock.oauth.expireAccessTokens();
  await fixture.client.requests.list().catch(() => undefined);
  expect(mints).toEqual(["ok", "throttled"]);
});

it("labels operations with ids replaced, so label values stay few", () => {
  expect(operationLabel("GET", "/requests/123456/notes/789")).toBe("GET /requests/:id/notes/:id");
  expect(operationLabel("PUT", "/requests/42/close")).toBe("PUT /requests/:id/close");
  expect(operationLabel("GET", "/requests")).toBe("GET /requests");
});
