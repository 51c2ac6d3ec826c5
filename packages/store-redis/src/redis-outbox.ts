import {
  checkedTakeLimit,
  type MarkDeliveredRequest,
  type Outbox,
  type OutboxEntry,
  type OutboxRecord,
  type OutboxStats,
  type TakeRequest,
  type TicketRef,
} from "@ispn/core";
import { evalScript } from "./eval-script.ts";
import type { KeyLayout } from "./keys.ts";
import { physicalTtlMs } from "./keys.ts";
import { ADD_FOLLOW_UP, ENQUEUE, MARK_ALL_DELIVERED, RETRY_LATER, TAKE_BATCH } from "./outbox-scripts.ts";
import type { RedisConnection } from "./redis-connection.ts";

/** How many of the oldest queued references one `take` looks at for a due, unleased one. */
const TAKE_SCAN = 200;

const normal = (reference: string) => reference.trim().toUpperCase();

type Delivery = { ticket: TicketRef; created: boolean; deliveredAt: number };

/** The outbox on Redis, shared by every replica; each state change is one Lua script. */
export class RedisOutbox implements Outbox {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async enqueue({ entry, availableAt, owner }: Parameters<Outbox["enqueue"]>[0]): Promise<boolean> {
    const reference = normal(entry.reference);
    const stored = JSON.stringify({ ...entry, reference });
    const done = await this.#redis.run("outbox.enqueue", (client) =>
      evalScript(client, ENQUEUE, {
        keys: [this.#keys.outboxEntry(reference), this.#keys.outboxQueue()],
        arguments: [
          reference,
          stored,
          String(entry.queuedAt),
          String(availableAt),
          owner ?? "",
          owner ? String(availableAt) : "0",
        ],
      }),
    );
    return done === 1;
  }

  async take(request: TakeRequest): Promise<OutboxEntry | undefined> {
    return (await this.takeBatch({ ...request, limit: 1 }))[0];
  }

  async takeBatch({
    owner,
    leaseMs,
    now,
    limit: given,
  }: TakeRequest & { limit: number }): Promise<OutboxEntry[]> {
    const limit = checkedTakeLimit(given);
    const reply = (await this.#redis.run("outbox.take", (client) =>
      evalScript(client, TAKE_BATCH, {
        keys: [this.#keys.outboxQueue()],
        arguments: [
          this.#keys.outboxEntry(""),
          owner,
          String(now),
          String(now + leaseMs),
          String(Math.max(TAKE_SCAN, limit)),
          this.#keys.outboxFollowUps(""),
          String(limit),
        ],
      }),
    )) as [string, string, number, ...string[]][];
    return reply.map(([, json, attempts, ...followUps]) => ({
      ...(JSON.parse(json) as OutboxEntry),
      attempts: Number(attempts),
      followUps,
    }));
  }

  async retryLater({ reference, owner, availableAt, error }: Parameters<Outbox["retryLater"]>[0]) {
    await this.#redis.run("outbox.retry", (client) =>
      evalScript(client, RETRY_LATER, {
        keys: [this.#keys.outboxEntry(normal(reference))],
        arguments: [owner, String(availableAt), error],
      }),
    );
  }

  async markDelivered(request: MarkDeliveredRequest & { reference: string }): Promise<string[] | undefined> {
    return (await this.markAllDelivered({ ...request, references: [request.reference] }))[0];
  }

  async markAllDelivered(
    request: MarkDeliveredRequest & { references: readonly string[] },
  ): Promise<Array<string[] | undefined>> {
    if (request.references.length === 0) return [];
    const delivery: Delivery = { ticket: request.ticket, created: request.created, deliveredAt: request.now };
    const replies = (await this.#redis.run("outbox.delivered", (client) =>
      evalScript(client, MARK_ALL_DELIVERED, {
        keys: [this.#keys.outboxQueue()],
        arguments: [
          this.#keys.outboxEntry(""),
          this.#keys.outboxFollowUps(""),
          JSON.stringify(delivery),
          String(physicalTtlMs(request.ttlMs)),
          String(request.followUpsDone),
          ...request.references.map(normal),
        ],
      }),
    )) as [number, ...string[]][];
    return replies.map((reply) => (reply[0] === 1 ? (reply.slice(1) as string[]) : undefined));
  }

  async addFollowUp(reference: string, text: string): Promise<OutboxRecord | undefined> {
    const ref = normal(reference);
    const state = await this.#redis.run("outbox.follow-up", (client) =>
      evalScript(client, ADD_FOLLOW_UP, {
        keys: [this.#keys.outboxEntry(ref), this.#keys.outboxFollowUps(ref)],
        arguments: [text],
      }),
    );
    return state === "" ? undefined : this.lookup(ref);
  }

  async lookup(reference: string): Promise<OutboxRecord | undefined> {
    const ref = normal(reference);
    return this.#redis.run("outbox.lookup", async (client) => {
      const h = await client.hGetAll(this.#keys.outboxEntry(ref));
      if (!h.state) return undefined;
      if (h.state === "delivered") {
        return { state: "delivered", reference: ref, ...(JSON.parse(h.delivery as string) as Delivery) };
      }
      const followUps = await client.lRange(this.#keys.outboxFollowUps(ref), 0, -1);
      const entry = {
        ...(JSON.parse(h.entry as string) as OutboxEntry),
        attempts: Number(h.attempts ?? 0),
        followUps,
      };
      return { state: "queued", entry, ...(h.last_error ? { lastError: h.last_error } : {}) };
    });
  }

  async stats(): Promise<OutboxStats> {
    return this.#redis.run("outbox.stats", async (client) => {
      const depth = await client.zCard(this.#keys.outboxQueue());
      const [oldest] = await client.zRangeWithScores(this.#keys.outboxQueue(), 0, 0);
      return oldest ? { depth, oldestQueuedAt: oldest.score } : { depth };
    });
  }
}
