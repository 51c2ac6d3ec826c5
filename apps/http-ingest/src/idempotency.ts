import type { IdempotencyStore, StoredResponse } from "@ispn/core";
import { z } from "zod";
import { HttpError } from "./http-errors.ts";

/**
 * The `Idempotency-Key` header: 1–255 visible ASCII characters, bare or, as the IETF draft sends it
 * (a Structured Field string), in double quotes. Read as the key without the quotes.
 */
export const idempotencyKeyHeaderSchema = z
  .string()
  .regex(/^(?:"[\x21-\x7e]{1,255}"|(?!"[\s\S]*"$)[\x21-\x7e]{1,255})$/, {
    error: "Idempotency-Key must be 1–255 visible ASCII characters (no spaces), e.g. a UUID.",
  })
  .transform((key) => /^"(.*)"$/s.exec(key)?.[1] ?? key)
  .describe(
    "Retries with the same key replay the first answer (15 minutes) with Idempotent-Replayed: true; the same key with another body is 422, while the first is still running 409. 1–255 visible ASCII characters, bare or in double quotes. Without it, the body's conversationId serves.",
  )
  .meta({ examples: ["8e03978e-40d5-43e8-bc93-6894a57f9324"] });

/** Reads an `Idempotency-Key` header (see {@link idempotencyKeyHeaderSchema}); 400 when malformed. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeyHeaderSchema.safeParse(header.trim());
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Idempotency-Key is malformed.";
    throw new HttpError("invalid_request", message, {
      details: [{ field: "Idempotency-Key", message: "1–255 visible ASCII characters" }],
    });
  }
  return parsed.data;
}

/** The in-flight lease of an idempotent request (renewed while it runs): 3 s. */
export const IDEMPOTENCY_LEASE_MS = 3_000;

export interface IdempotentRun {
  store: IdempotencyStore;
  key: string;
  fingerprint: string;
  ttlMs: number;
  /**
   * How long a first request holds the key without renewing; renewed every third of it while the
   * request runs, so a crashed process frees its keys within one lease.
   */
  leaseMs: number;
  now: () => number;
  /** Told when the answer could not be stored (the answer is still returned). */
  onStoreError?: (error: unknown) => void;
}

/**
 * Runs `work` at most once per key: a completed key replays the stored answer (`replayed: true`),
 * a key still in flight is 409, the key with another body is 422. Only successful answers are
 * stored; a failed attempt frees the key so the client's retry runs again.
 */
export async function runIdempotent(
  run: IdempotentRun,
  work: () => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  const begin = await run.store.begin({
    key: run.key,
    fingerprint: run.fingerprint,
    leaseMs: run.leaseMs,
    now: run.now(),
  });
  switch (begin.kind) {
    case "replay":
      return { response: begin.response, replayed: true };
    case "in_flight":
      throw new HttpError(
        "idempotency_in_flight",
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        {
          retryAfterSeconds: 1,
        },
      );
    case "mismatch":
      throw new HttpError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different body; use a new key for a new request.",
      );
    case "started":
      break;
  }
  // Keep the lease short and renew it while this request lives: a retry after a crash is 409 for
  // one lease at most, never for the whole budget.
  const renew = setInterval(
    () => {
      run.store
        .extend({ key: run.key, fingerprint: run.fingerprint, leaseMs: run.leaseMs, now: run.now() })
        .catch((error: unknown) => run.onStoreError?.(error));
    },
    Math.max(50, Math.floor(run.leaseMs / 3)),
  );
  renew.unref?.();
  let response: StoredResponse;
  try {
    response = await work();
  } catch (error) {
    await run.store.abandon(run.key).catch(() => {});
    throw error;
  } finally {
    clearInterval(renew);
  }
  // The work is done: a store failure from here on must not turn it into an error. At worst the
  // key is forgotten and a retry runs again (dedup makes that a note, never a second ticket).
  try {
    if (response.status >= 200 && response.status < 300) {
      await run.store.finish({
        key: run.key,
        fingerprint: run.fingerprint,
        response,
        ttlMs: run.ttlMs,
        now: run.now(),
      });
    } else {
      await run.store.abandon(run.key);
    }
  } catch (error) {
    run.onStoreError?.(error);
  }
  return { response, replayed: false };
}
