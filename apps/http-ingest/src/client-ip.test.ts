import { describe, expect, it } from "vitest";
import { type Harness, handoffBody } from "../test/harness.ts";
import { useServedHarness } from "../test/served-harness.ts";
import type { TrustProxy } from "./trust-proxy.ts";

const served = useServedHarness();
let h: Harness;

/** The app over a real port: this test's requests come from 127.0.0.1, standing in for the proxy. */
async function serveWith(trustProxy: TrustProxy): Promise<string> {
  const running = await served.serve({ trustProxy }, { realClock: true });
  h = running.h;
  return running.server.url;
}

/** 100 wrong-token attempts, each claiming another address at the left of X-Forwarded-For. */
async function spoofedAttempts(url: string, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/ingest/oa-handoff`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer guessing-guessing-1234",
        "x-forwarded-for": forwardedFor(i),
      },
      body: JSON.stringify(handoffBody()),
    });
    await res.body?.cancel();
    statuses.push(res.status);
  }
  return statuses;
}

const loggedClients = () =>
  new Set(
    h
      .logs()
      .filter((l) => l.msg === "request")
      .map((l) => l.client as string | undefined),
  );

describe("the caller's address behind proxies (proxy-addr)", () => {
  it("one trusted hop: rotating fake addresses at the left are ignored; the real caller is locked out and logged", async () => {
    const url = await serveWith({ kind: "hops", hops: 1 });
    // What a proxy that appends would forward: the caller's own header, then the caller's real address.
    const statuses = await spoofedAttempts(url, (i) => `10.66.${i}.1, 198.51.100.77`);
    expect(statuses.slice(0, 30).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(loggedClients()).toEqual(new Set(["ip:198.51.100.77"]));
  });

  it("trusted addresses (loopback): the right-most untrusted address is the caller", async () => {
    const url = await serveWith({ kind: "addresses", addresses: ["loopback"] });
    const statuses = await spoofedAttempts(url, (i) => `10.66.${i}.1, 198.51.100.78, 127.0.0.1`);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);
    expect(loggedClients()).toEqual(new Set(["ip:198.51.100.78"]));
  });

  it("a peer that is not a trusted proxy cannot name a caller: its own address counts", async () => {
    const url = await serveWith({ kind: "addresses", addresses: ["10.0.0.0/8"] });
    const statuses = await spoofedAttempts(url, (i) => `198.51.${i}.9`);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);
    expect(loggedClients()).toEqual(new Set(["ip:127.0.0.1"]));
  });

  it("without TRUST_PROXY the header is ignored", async () => {
    const url = await serveWith({ kind: "none" });
    const statuses = await spoofedAttempts(url, (i) => `198.51.${i}.9`);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);
    expect(loggedClients()).toEqual(new Set(["ip:127.0.0.1"]));
  });
});
