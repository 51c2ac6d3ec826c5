import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Stores } from "../ports/stores.ts";
import type { TicketRef } from "../ticket.ts";
import { auditContract } from "./audit-contract.ts";
import { outboxContract } from "./outbox-contract.ts";

/** What a contract run needs: fresh stores per test (their own key space), and how to dispose of them. */
export interface StoreFixture {
  stores: Stores;
  teardown?: () => Promise<void>;
}

const T0 = 1_900_000_000_000;
const ticket = (id: string): TicketRef => ({
  id,
  displayId: id.slice(-4),
  url: `https://helpdesk.test/${id}`,
});

/**
 * The behaviour every `Stores` implementation must share (memory, SQLite, Redis). Time is passed
 * explicitly, so implementations must decide expiry by the `now` they are given.
 */
export function runStoreContract(name: string, setup: () => Promise<StoreFixture>): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let stores: Stores;
    beforeEach(async () => {
      fixture = await setup();
      stores = fixture.stores;
    });
    afterEach(async () => {
      await fixture.teardown?.();
    });

    describe("dedup", () => {
      it("claims free keys, makes others wait, then hands them the ticket", async () => {
        const { dedup } = stores;
        expect(
          await dedup.claim({ keys: ["k1", "k2"], claimId: "a", marker: "m-a", leaseMs: 30_000, now: T0 }),
        ).toEqual({
          kind: "claimed",
          abandoned: [],
        });
        const waiting = await dedup.claim({
          keys: ["k2"],
          claimId: "b",
          marker: "m-b",
          leaseMs: 30_000,
          now: T0 + 1,
        });
        expect(waiting).toEqual({ kind: "pending", key: "k2", leaseExpiresAt: T0 + 30_000 });
        expect(
          await dedup.complete({
            keys: ["k1", "k2"],
            claimId: "a",
            ticket: ticket("t1"),
            windowMs: 60_000,
            now: T0 + 2,
          }),
        ).toBe(true);
        expect(
          await dedup.claim({ keys: ["k2"], claimId: "b", marker: "m-b", leaseMs: 30_000, now: T0 + 3 }),
        ).toEqual({
          kind: "hit",
          key: "k2",
          ticket: ticket("t1"),
        });
        expect(await dedup.get("k1", T0 + 3)).toEqual({
          state: "ticket",
          ticket: ticket("t1"),
          expiresAt: T0 + 60_002,
        });
      });

      it("ends a ticket's window after windowMs", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["w"], claimId: "a", marker: "m-a", leaseMs: 1000, now: T0 });
        await dedup.complete({ keys: ["w"], claimId: "a", ticket: ticket("t1"), windowMs: 60_000, now: T0 });
        expect(
          (await dedup.claim({ keys: ["w"], claimId: "b", marker: "m-b", leaseMs: 1000, now: T0 + 59_999 }))
            .kind,
        ).toBe("hit");
        expect(
          await dedup.claim({ keys: ["w"], claimId: "b", marker: "m-b", leaseMs: 1000, now: T0 + 60_000 }),
        ).toEqual({
          kind: "claimed",
          abandoned: [],
        });
        expect(await dedup.get("w", T0 + 60_001)).toMatchObject({ state: "pending", claimId: "b" });
      });

      it("reports a hit on any key, in key order, before any pending key", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["a1"], claimId: "x", marker: "m-x", leaseMs: 30_000, now: T0 });
        await dedup.claim({ keys: ["b1"], claimId: "y", marker: "m-y", leaseMs: 30_000, now: T0 });
        await dedup.complete({ keys: ["b1"], claimId: "y", ticket: ticket("tb"), windowMs: 60_000, now: T0 });
        expect(
          await dedup.claim({
            keys: ["a1", "b1"],
            claimId: "z",
            marker: "m-z",
            leaseMs: 30_000,
            now: T0 + 1,
          }),
        ).toMatchObject({
          kind: "hit",
          key: "b1",
        });
      });

      it("claims all keys or none", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["held"], claimId: "x", marker: "m-x", leaseMs: 30_000, now: T0 });
        expect(
          (
            await dedup.claim({
              keys: ["free", "held"],
              claimId: "y",
              marker: "m-y",
              leaseMs: 30_000,
              now: T0,
            })
          ).kind,
        ).toBe("pending");
        expect(await dedup.get("free", T0)).toBeUndefined();
      });

      it("lets another creator take over when a lease ends, and refuses the late completion", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["l"], claimId: "crashed", marker: "m-crashed", leaseMs: 5_000, now: T0 });
        expect(
          (
            await dedup.claim({
              keys: ["l"],
              claimId: "next",
              marker: "m-next",
              leaseMs: 5_000,
              now: T0 + 4_999,
            })
          ).kind,
        ).toBe("pending");
        expect(
          await dedup.claim({
            keys: ["l"],
            claimId: "next",
            marker: "m-next",
            leaseMs: 5_000,
            now: T0 + 5_000,
          }),
        ).toEqual({
          kind: "claimed",
          abandoned: ["m-crashed"],
        });
        expect(
          await dedup.complete({
            keys: ["l"],
            claimId: "crashed",
            ticket: ticket("late"),
            windowMs: 60_000,
            now: T0 + 6_000,
          }),
        ).toBe(false);
        expect(
          await dedup.complete({
            keys: ["l"],
            claimId: "next",
            ticket: ticket("t2"),
            windowMs: 60_000,
            now: T0 + 6_000,
          }),
        ).toBe(true);
        expect(await dedup.get("l", T0 + 6_001)).toMatchObject({ state: "ticket", ticket: { id: "t2" } });
      });

      it("frees keys on release, but only the releaser's own claims", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["r"], claimId: "a", marker: "m-a", leaseMs: 30_000, now: T0 });
        await dedup.release({ keys: ["r"], claimId: "someone-else" });
        expect(
          (await dedup.claim({ keys: ["r"], claimId: "b", marker: "m-b", leaseMs: 30_000, now: T0 })).kind,
        ).toBe("pending");
        await dedup.release({ keys: ["r"], claimId: "a" });
        expect(
          await dedup.claim({ keys: ["r"], claimId: "b", marker: "m-b", leaseMs: 30_000, now: T0 }),
        ).toEqual({
          kind: "claimed",
          abandoned: [],
        });
      });

      it("records a ticket on a free key in one step, first writer wins, and not over a live claim", async () => {
        const { dedup } = stores;
        expect(await dedup.record({ key: "r1", ticket: ticket("first"), ttlMs: 60_000, now: T0 })).toBe(true);
        expect(await dedup.record({ key: "r1", ticket: ticket("second"), ttlMs: 60_000, now: T0 + 1 })).toBe(
          false,
        );
        expect(await dedup.get("r1", T0 + 2)).toMatchObject({ state: "ticket", ticket: { id: "first" } });
        // After its window the key is free again.
        expect(
          await dedup.record({ key: "r1", ticket: ticket("later"), ttlMs: 60_000, now: T0 + 60_000 }),
        ).toBe(true);
        expect(await dedup.get("r1", T0 + 60_001)).toMatchObject({ ticket: { id: "later" } });
        // A live claim is not overwritten; once its lease ends, it is.
        await dedup.claim({ keys: ["r2"], claimId: "c", marker: "m-c", leaseMs: 1_000, now: T0 });
        expect(await dedup.record({ key: "r2", ticket: ticket("x"), ttlMs: 60_000, now: T0 + 500 })).toBe(
          false,
        );
        expect(await dedup.record({ key: "r2", ticket: ticket("y"), ttlMs: 60_000, now: T0 + 1_000 })).toBe(
          true,
        );
        expect(await dedup.get("r2", T0 + 1_001)).toMatchObject({ ticket: { id: "y" } });
        // And a recorded key is a hit for a claim.
        expect(
          await dedup.claim({ keys: ["r2"], claimId: "d", marker: "m-d", leaseMs: 1_000, now: T0 + 1_002 }),
        ).toMatchObject({
          kind: "hit",
          ticket: { id: "y" },
        });
      });

      it("grants exactly one of 20 concurrent records on one key", async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            stores.dedup.record({ key: "race-r", ticket: ticket(`t${i}`), ttlMs: 60_000, now: T0 }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("forgets keys that point at an ended ticket, and only those", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["f1", "f2"], claimId: "a", marker: "m-a", leaseMs: 30_000, now: T0 });
        await dedup.complete({
          keys: ["f1", "f2"],
          claimId: "a",
          ticket: ticket("old"),
          windowMs: 60_000,
          now: T0,
        });
        await dedup.forget({ keys: ["f1", "f2"], ticketId: "other" });
        expect((await dedup.get("f1", T0))?.state).toBe("ticket");
        await dedup.forget({ keys: ["f1", "f2"], ticketId: "old" });
        expect(await dedup.get("f1", T0)).toBeUndefined();
        expect(
          await dedup.claim({ keys: ["f2"], claimId: "b", marker: "m-b", leaseMs: 30_000, now: T0 }),
        ).toEqual({
          kind: "claimed",
          abandoned: [],
        });
      });

      it("keeps a crashed creator's intent for whoever takes over, across several takeovers", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["i1", "i2"], claimId: "a", marker: "m-a", leaseMs: 5_000, now: T0 });
        // b takes over i2 only after a's lease ended, then crashes too
        expect(
          await dedup.claim({ keys: ["i2"], claimId: "b", marker: "m-b", leaseMs: 5_000, now: T0 + 10_000 }),
        ).toEqual({
          kind: "claimed",
          abandoned: ["m-a"],
        });
        // hours later, c sees both intents on i2 and a's on i1, each once
        const c = await dedup.claim({
          keys: ["i1", "i2"],
          claimId: "c",
          marker: "m-c",
          leaseMs: 5_000,
          now: T0 + 3_600_000,
        });
        expect(c.kind).toBe("claimed");
        expect(c.kind === "claimed" && [...c.abandoned].sort()).toEqual(["m-a", "m-b"]);
        expect(await dedup.get("i1", T0 + 3_600_001)).toMatchObject({ state: "pending", claimId: "c" });
        // a completed claim carries no intents any more
        await dedup.complete({
          keys: ["i1", "i2"],
          claimId: "c",
          ticket: ticket("tc"),
          windowMs: 1000,
          now: T0 + 3_600_001,
        });
        expect(
          await dedup.claim({
            keys: ["i1"],
            claimId: "d",
            marker: "m-d",
            leaseMs: 5_000,
            now: T0 + 3_700_000,
          }),
        ).toEqual({
          kind: "claimed",
          abandoned: [],
        });
      });

      it("reports a handoff's own earlier intent when its retry claims again", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["o1"], claimId: "first-try", marker: "h-1", leaseMs: 5_000, now: T0 });
        expect(
          await dedup.claim({
            keys: ["o1"],
            claimId: "retry",
            marker: "h-1",
            leaseMs: 5_000,
            now: T0 + 6_000,
          }),
        ).toEqual({
          kind: "claimed",
          abandoned: ["h-1"],
        });
        // recorded once, and still there for a later taker
        const later = await dedup.claim({
          keys: ["o1"],
          claimId: "later",
          marker: "h-2",
          leaseMs: 5_000,
          now: T0 + 12_000,
        });
        expect(later).toEqual({ kind: "claimed", abandoned: ["h-1"] });
      });

      it("renews a live claim's lease, and only the holder's", async () => {
        const { dedup } = stores;
        await dedup.claim({ keys: ["n1", "n2"], claimId: "a", marker: "m-a", leaseMs: 5_000, now: T0 });
        expect(await dedup.renew({ keys: ["n1", "n2"], claimId: "a", leaseMs: 5_000, now: T0 + 4_000 })).toBe(
          true,
        );
        expect(
          await dedup.renew({ keys: ["n1"], claimId: "intruder", leaseMs: 5_000, now: T0 + 4_000 }),
        ).toBe(false);
        expect(
          await dedup.claim({ keys: ["n2"], claimId: "b", marker: "m-b", leaseMs: 5_000, now: T0 + 8_000 }),
        ).toEqual({
          kind: "pending",
          key: "n2",
          leaseExpiresAt: T0 + 9_000,
        });
        expect(await dedup.get("n1", T0 + 8_000)).toMatchObject({
          state: "pending",
          claimId: "a",
          leaseExpiresAt: T0 + 9_000,
        });
        // once taken over, the old holder can no longer renew or complete
        expect(
          (await dedup.claim({ keys: ["n2"], claimId: "b", marker: "m-b", leaseMs: 5_000, now: T0 + 9_000 }))
            .kind,
        ).toBe("claimed");
        expect(await dedup.renew({ keys: ["n1", "n2"], claimId: "a", leaseMs: 5_000, now: T0 + 9_001 })).toBe(
          false,
        );
        expect(await dedup.get("n1", T0 + 9_001)).toBeUndefined();
      });

      it("grants exactly one of 50 concurrent claims on one key", async () => {
        const { dedup } = stores;
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            dedup.claim({ keys: ["race"], claimId: `c${i}`, marker: `m-c${i}`, leaseMs: 30_000, now: T0 }),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "claimed")).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === "pending")).toHaveLength(49);
      });

      it("marks a handoff seen with its claim, in the same stores' replay guard, whatever the outcome", async () => {
        const { dedup, replay } = stores;
        const seen = (key: string) => ({ key, ttlMs: 10_000 });
        const claim = (claimId: string, mark: string, now = T0) =>
          dedup.claim({
            keys: ["s1"],
            claimId,
            marker: `m-${claimId}`,
            leaseMs: 5_000,
            now,
            seen: seen(mark),
          });
        expect(await claim("a", "handoff:h1")).toEqual({ kind: "claimed", abandoned: [], firstSeen: true });
        expect(await claim("b", "handoff:h1")).toMatchObject({ kind: "pending", firstSeen: false });
        // one record: the replay guard reads what the claim wrote, and the other way round
        expect(await replay.firstSeen({ key: "handoff:h1", ttlMs: 10_000, now: T0 })).toBe(false);
        expect(await replay.firstSeen({ key: "handoff:h2", ttlMs: 10_000, now: T0 })).toBe(true);
        expect(await claim("c", "handoff:h2")).toMatchObject({ kind: "pending", firstSeen: false });
        await dedup.complete({ keys: ["s1"], claimId: "a", ticket: ticket("t1"), windowMs: 60_000, now: T0 });
        expect(await claim("d", "handoff:h3")).toMatchObject({ kind: "hit", firstSeen: true });
        expect(await claim("e", "handoff:h3")).toMatchObject({ kind: "hit", firstSeen: false });
        // the mark lives ttlMs, and a claim without a mark answers nothing about it
        expect(await claim("f", "handoff:h1", T0 + 10_000)).toMatchObject({ kind: "hit", firstSeen: true });
        const unmarked = await dedup.claim({
          keys: ["s1"],
          claimId: "g",
          marker: "m-g",
          leaseMs: 5_000,
          now: T0,
        });
        expect(unmarked).not.toHaveProperty("firstSeen");
      });

      it("gives firstSeen to exactly one of 50 concurrent claims with one mark, the one that claimed", async () => {
        const { dedup } = stores;
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            dedup.claim({
              keys: ["race-seen"],
              claimId: `c${i}`,
              marker: "m-same-handoff",
              leaseMs: 30_000,
              now: T0,
              seen: { key: "handoff:same", ttlMs: 60_000 },
            }),
          ),
        );
        expect(outcomes.filter((o) => o.firstSeen === true)).toHaveLength(1);
        expect(outcomes.filter((o) => o.firstSeen === false)).toHaveLength(49);
        expect(outcomes.find((o) => o.firstSeen)?.kind).toBe("claimed");
      });
    });

    describe("idempotency", () => {
      const response = {
        status: 200,
        body: { ticketId: "t1", created: true },
        headers: { "x-request-id": "r1" },
      };

      it("extends a live in-flight key's lease, and nothing else", async () => {
        const { idempotency } = stores;
        await idempotency.begin({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 });
        expect(
          await idempotency.extend({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 + 4_000 }),
        ).toBe(true);
        expect(
          await idempotency.extend({ key: "x1", fingerprint: "other", leaseMs: 5_000, now: T0 + 4_000 }),
        ).toBe(false);
        // still in flight at T0 + 8 s thanks to the extension; free after 9 s
        expect(
          await idempotency.begin({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 + 8_000 }),
        ).toEqual({
          kind: "in_flight",
        });
        expect(
          await idempotency.extend({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 + 9_001 }),
        ).toBe(false);
        expect(
          await idempotency.begin({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 + 9_001 }),
        ).toEqual({
          kind: "started",
        });
        await idempotency.finish({ key: "x1", fingerprint: "f", response, ttlMs: 60_000, now: T0 + 9_002 });
        expect(
          await idempotency.extend({ key: "x1", fingerprint: "f", leaseMs: 5_000, now: T0 + 9_003 }),
        ).toBe(false);
      });

      it("starts a key once, reports it in flight, then replays the stored answer", async () => {
        const { idempotency } = stores;
        expect(await idempotency.begin({ key: "i1", fingerprint: "f", leaseMs: 30_000, now: T0 })).toEqual({
          kind: "started",
        });
        expect(
          await idempotency.begin({ key: "i1", fingerprint: "f", leaseMs: 30_000, now: T0 + 1 }),
        ).toEqual({ kind: "in_flight" });
        await idempotency.finish({ key: "i1", fingerprint: "f", response, ttlMs: 900_000, now: T0 + 2 });
        expect(
          await idempotency.begin({ key: "i1", fingerprint: "f", leaseMs: 30_000, now: T0 + 3 }),
        ).toEqual({
          kind: "replay",
          response,
        });
      });

      it("refuses the key with another body, in flight or done", async () => {
        const { idempotency } = stores;
        await idempotency.begin({ key: "i2", fingerprint: "f", leaseMs: 30_000, now: T0 });
        expect(await idempotency.begin({ key: "i2", fingerprint: "g", leaseMs: 30_000, now: T0 })).toEqual({
          kind: "mismatch",
        });
        await idempotency.finish({ key: "i2", fingerprint: "f", response, ttlMs: 900_000, now: T0 });
        expect(await idempotency.begin({ key: "i2", fingerprint: "g", leaseMs: 30_000, now: T0 })).toEqual({
          kind: "mismatch",
        });
      });

      it("forgets answers after their ttl, in-flight keys after their lease, and abandoned keys at once", async () => {
        const { idempotency } = stores;
        await idempotency.begin({ key: "i3", fingerprint: "f", leaseMs: 30_000, now: T0 });
        await idempotency.finish({ key: "i3", fingerprint: "f", response, ttlMs: 1000, now: T0 });
        expect(
          await idempotency.begin({ key: "i3", fingerprint: "g", leaseMs: 30_000, now: T0 + 1000 }),
        ).toEqual({ kind: "started" });
        expect(
          await idempotency.begin({ key: "i3", fingerprint: "g", leaseMs: 30_000, now: T0 + 31_000 }),
        ).toEqual({ kind: "started" });
        await idempotency.abandon("i3");
        expect(
          await idempotency.begin({ key: "i3", fingerprint: "h", leaseMs: 30_000, now: T0 + 31_001 }),
        ).toEqual({ kind: "started" });
      });

      it("starts exactly one of 50 concurrent requests with one key", async () => {
        const { idempotency } = stores;
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, () =>
            idempotency.begin({ key: "i4", fingerprint: "f", leaseMs: 30_000, now: T0 }),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "started")).toHaveLength(1);
      });
    });

    describe("replay guard", () => {
      it("says yes once per key within the ttl", async () => {
        const { replay } = stores;
        expect(await replay.firstSeen({ key: "sig1", ttlMs: 1000, now: T0 })).toBe(true);
        expect(await replay.firstSeen({ key: "sig1", ttlMs: 1000, now: T0 + 999 })).toBe(false);
        expect(await replay.firstSeen({ key: "sig2", ttlMs: 1000, now: T0 + 999 })).toBe(true);
        expect(await replay.firstSeen({ key: "sig1", ttlMs: 1000, now: T0 + 1000 })).toBe(true);
      });
    });

    describe("rate limiter", () => {
      it("allows `limit` hits per window per key and says when the window resets", async () => {
        const { rateLimiter } = stores;
        const start = T0 - (T0 % 1000);
        const hits = [];
        for (let i = 0; i < 4; i++)
          hits.push(await rateLimiter.hit({ key: "client-a", limit: 3, windowMs: 1000, now: start + 100 }));
        expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false]);
        expect(hits.map((h) => h.remaining)).toEqual([2, 1, 0, 0]);
        expect(hits[3]!.resetMs).toBe(900);
        expect(
          (await rateLimiter.hit({ key: "client-b", limit: 3, windowMs: 1000, now: start + 100 })).allowed,
        ).toBe(true);
        expect(
          (await rateLimiter.hit({ key: "client-a", limit: 3, windowMs: 1000, now: start + 1000 })).remaining,
        ).toBe(2);
      });
    });

    describe("token cache", () => {
      it("stores, reads and deletes a token", async () => {
        const { tokenCache } = stores;
        expect(await tokenCache.get("sdp")).toBeUndefined();
        await tokenCache.set("sdp", { accessToken: "1000.abc", expiresAt: T0 });
        expect(await tokenCache.get("sdp")).toEqual({ accessToken: "1000.abc", expiresAt: T0 });
        await tokenCache.delete("sdp");
        expect(await tokenCache.get("sdp")).toBeUndefined();
      });

      it("runs lock holders one at a time", async () => {
        const { tokenCache } = stores;
        let inside = 0;
        let most = 0;
        const work = async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 20));
          inside--;
          return "done";
        };
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            tokenCache.withLock("refresh", { ttlMs: 5000, waitMs: 5000 }, work),
          ),
        );
        expect(results).toEqual(["done", "done", "done", "done", "done"]);
        expect(most).toBe(1);
      });

      it("gives up waiting for a lock after waitMs", async () => {
        const { tokenCache } = stores;
        let release!: () => void;
        const held = tokenCache.withLock(
          "busy",
          { ttlMs: 5000, waitMs: 1000 },
          () => new Promise<void>((r) => (release = r)),
        );
        await new Promise((r) => setTimeout(r, 20));
        expect(
          await tokenCache.withLock("busy", { ttlMs: 5000, waitMs: 50 }, async () => "ran"),
        ).toBeUndefined();
        release();
        await held;
        expect(await tokenCache.withLock("busy", { ttlMs: 5000, waitMs: 50 }, async () => "ran")).toBe("ran");
      });
    });

    describe("outbox", () => outboxContract(() => stores.outbox));

    describe("audit log", () => auditContract(() => stores.audit));

    it("reports itself healthy", async () => {
      expect(await stores.health()).toMatchObject({ ok: true, kind: stores.kind });
    });
  });
}
