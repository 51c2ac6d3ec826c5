import type { ClaimOutcome, DedupEntry, DedupStore } from "@ispn/core";
import { CLAIM, COMPLETE, FORGET, RELEASE } from "./dedup-scripts.ts";
import type { KeyLayout } from "./keys.ts";
import { physicalTtlMs } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

const expiryOf = (entry: DedupEntry) => (entry.state === "pending" ? entry.leaseExpiresAt : entry.expiresAt);

/** Dedup store on Redis; every method is one Lua script, so a multi-key claim is all-or-none across replicas. */
export class RedisDedupStore implements DedupStore {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async claim({ keys, claimId, leaseMs, now }: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const pending: DedupEntry = { state: "pending", claimId, leaseExpiresAt: now + leaseMs };
    return this.#redis.run("dedup.claim", async (client) => {
      const [kind, index, raw] = (await client.eval(CLAIM, {
        keys: keys.map(this.#keys.dedup),
        arguments: [claimId, String(now), JSON.stringify(pending), String(physicalTtlMs(leaseMs))],
      })) as [string, number?, string?];
      if (kind === "claimed") return { kind: "claimed" };
      // the script answers with the 1-based position of the key and the entry it found there
      const key = keys[(index ?? 0) - 1] as string;
      const entry = JSON.parse(raw as string) as DedupEntry;
      return entry.state === "ticket"
        ? { kind: "hit", key, ticket: entry.ticket }
        : { kind: "pending", key, leaseExpiresAt: entry.leaseExpiresAt };
    });
  }

  async complete({
    keys,
    claimId,
    ticket,
    windowMs,
    now,
  }: Parameters<DedupStore["complete"]>[0]): Promise<boolean> {
    const done: DedupEntry = { state: "ticket", ticket, expiresAt: now + windowMs };
    const written = await this.#redis.run("dedup.complete", (client) =>
      client.eval(COMPLETE, {
        keys: keys.map(this.#keys.dedup),
        arguments: [claimId, JSON.stringify(done), String(physicalTtlMs(windowMs))],
      }),
    );
    return written === 1;
  }

  async release({ keys, claimId }: Parameters<DedupStore["release"]>[0]): Promise<void> {
    await this.#redis.run("dedup.release", (client) =>
      client.eval(RELEASE, { keys: keys.map(this.#keys.dedup), arguments: [claimId] }),
    );
  }

  async forget({ keys, ticketId }: Parameters<DedupStore["forget"]>[0]): Promise<void> {
    await this.#redis.run("dedup.forget", (client) =>
      client.eval(FORGET, { keys: keys.map(this.#keys.dedup), arguments: [ticketId] }),
    );
  }

  async get(key: string, now: number): Promise<DedupEntry | undefined> {
    return this.#redis.run("dedup.get", async (client) => {
      const raw = await client.get(this.#keys.dedup(key));
      if (raw === null) return undefined;
      const entry = JSON.parse(raw) as DedupEntry;
      return expiryOf(entry) > now ? entry : undefined;
    });
  }
}
