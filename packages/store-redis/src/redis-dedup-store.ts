import {
  ABANDONED_INTENT_RETENTION_MS,
  type ClaimOutcome,
  type DedupEntry,
  type DedupStore,
} from "@ispn/core";
import { CLAIM, COMPLETE, FORGET, RECORD, RELEASE, RENEW } from "./dedup-scripts.ts";
import { evalScript } from "./eval-script.ts";
import type { KeyLayout } from "./keys.ts";
import { physicalTtlMs } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

const expiryOf = (entry: DedupEntry) => (entry.state === "pending" ? entry.leaseExpiresAt : entry.expiresAt);
/** A pending entry is kept past its lease so its create intents (markers) can be searched by whoever takes over. */
const pendingTtlMs = (leaseMs: number) => physicalTtlMs(leaseMs + ABANDONED_INTENT_RETENTION_MS);

/** Dedup store on Redis; every method is one Lua script, so a multi-key claim is all-or-none across replicas. */
export class RedisDedupStore implements DedupStore {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async claim({
    keys,
    claimId,
    marker,
    leaseMs,
    now,
    seen,
  }: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const head = JSON.stringify({ state: "pending", claimId, leaseExpiresAt: now + leaseMs }).slice(0, -1);
    const redisKeys = keys.map(this.#keys.dedup);
    const args = [claimId, String(now), `${head},`, String(pendingTtlMs(leaseMs)), marker];
    if (seen) {
      // the replay guard's own record (RedisReplayGuard), marked in the same script
      redisKeys.push(this.#keys.replay(seen.key));
      args.push(String(now + seen.ttlMs), String(physicalTtlMs(seen.ttlMs)));
    }
    return this.#redis.run("dedup.claim", async (client) => {
      const reply = (await evalScript(client, CLAIM, { keys: redisKeys, arguments: args })) as [
        string,
        string,
        ...(string | number)[],
      ];
      const [kind, seenReply, index, raw] = reply;
      const firstSeen = seenReply === "" ? {} : { firstSeen: seenReply === "1" };
      if (kind === "claimed") return { kind: "claimed", abandoned: reply.slice(2) as string[], ...firstSeen };
      // the script answers with the 1-based position of the key and the entry it found there
      const key = keys[(Number(index) || 0) - 1] as string;
      const entry = JSON.parse(raw as string) as DedupEntry;
      return entry.state === "ticket"
        ? { kind: "hit", key, ticket: entry.ticket, ...firstSeen }
        : { kind: "pending", key, leaseExpiresAt: entry.leaseExpiresAt, ...firstSeen };
    });
  }

  async renew({ keys, claimId, leaseMs, now }: Parameters<DedupStore["renew"]>[0]): Promise<boolean> {
    const renewed = await this.#redis.run("dedup.renew", (client) =>
      evalScript(client, RENEW, {
        keys: keys.map(this.#keys.dedup),
        arguments: [claimId, String(now + leaseMs), String(pendingTtlMs(leaseMs))],
      }),
    );
    return renewed === 1;
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
      evalScript(client, COMPLETE, {
        keys: keys.map(this.#keys.dedup),
        arguments: [claimId, JSON.stringify(done), String(physicalTtlMs(windowMs))],
      }),
    );
    return written === 1;
  }

  async release({ keys, claimId }: Parameters<DedupStore["release"]>[0]): Promise<void> {
    await this.#redis.run("dedup.release", (client) =>
      evalScript(client, RELEASE, { keys: keys.map(this.#keys.dedup), arguments: [claimId] }),
    );
  }

  async forget({ keys, ticketId }: Parameters<DedupStore["forget"]>[0]): Promise<void> {
    await this.#redis.run("dedup.forget", (client) =>
      evalScript(client, FORGET, { keys: keys.map(this.#keys.dedup), arguments: [ticketId] }),
    );
  }

  async record({ key, ticket, ttlMs, now }: Parameters<DedupStore["record"]>[0]): Promise<boolean> {
    const entry: DedupEntry = { state: "ticket", ticket, expiresAt: now + ttlMs };
    const written = await this.#redis.run("dedup.record", (client) =>
      evalScript(client, RECORD, {
        keys: [this.#keys.dedup(key)],
        arguments: [String(now), JSON.stringify(entry), String(physicalTtlMs(ttlMs))],
      }),
    );
    return written === 1;
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
