import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTokenKey, silentLogger } from "@ispn/core";
import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { createRuntime } from "./create-runtime.ts";

let mock: RunningSdpMock;
const dir = mkdtempSync(join(tmpdir(), "ispn-token-key-"));
beforeAll(async () => {
  mock = await startSdpMockServer();
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

const b64 = (key: Uint8Array) => Buffer.from(key).toString("base64");
const env = (key: Uint8Array) => ({
  DATA_DIR: dir,
  HELPDESK: "sdp",
  SDP_BASE_URL: mock.url,
  SDP_PORTAL: mock.portal,
  SDP_ACCOUNTS_URL: mock.accountsUrl,
  SDP_CLIENT_ID: "1000.mockclient",
  SDP_CLIENT_SECRET: "mocksecret",
  SDP_REFRESH_TOKEN: "1000.mockrefresh",
  TOKEN_ENCRYPTION_KEY: b64(key),
});

it("a token cached under another key is a miss: the next start mints a new token and works", async () => {
  const first = await createRuntime({
    config: readCommonConfig(env(generateTokenKey())),
    logger: silentLogger,
  });
  const before = mock.oauth.tokenRequests();
  await first.helpdesk.listTickets({ page: { rowCount: 1 } });
  await first.close();
  expect(mock.oauth.tokenRequests() - before).toBe(1);

  const key = generateTokenKey();
  const second = await createRuntime({ config: readCommonConfig(env(key)), logger: silentLogger });
  await second.helpdesk.listTickets({ page: { rowCount: 1 } });
  await second.close();
  expect(mock.oauth.tokenRequests() - before).toBe(2);

  // the same key again: the cached token is read, nothing is minted
  const third = await createRuntime({ config: readCommonConfig(env(key)), logger: silentLogger });
  await third.helpdesk.listTickets({ page: { rowCount: 1 } });
  await third.close();
  expect(mock.oauth.tokenRequests() - before).toBe(2);
});
