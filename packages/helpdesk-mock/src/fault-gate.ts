import { HelpdeskError } from "@ispn/core";
import type { FaultController } from "./fault-controller.ts";

/** A fault that stops a call, decided after the added latency. */
export type FaultOutcome =
  | { kind: "outage" }
  | { kind: "error" }
  | { kind: "rate_limited"; retryAfterMs: number };

/**
 * Waits `ms`, or rejects with HelpdeskError "timeout" as soon as `signal` aborts (the caller's
 * budget ran out before the mock answered).
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(timeoutError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(timeoutError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function timeoutError(signal: AbortSignal | undefined): HelpdeskError {
  return new HelpdeskError("timeout", "The helpdesk did not answer in time.", { cause: signal?.reason });
}

/**
 * Applies the current faults to one call: waits the added latency (abortable), then decides
 * whether the call fails. Outage wins over rate limiting, which wins over the random error rate.
 */
export async function passFaults(
  faults: FaultController,
  random: () => number,
  signal?: AbortSignal,
): Promise<FaultOutcome | undefined> {
  await delay(faults.get().latencyMs, signal);
  const settings = faults.get();
  if (settings.outage) return { kind: "outage" };
  if (settings.rateLimited) return { kind: "rate_limited", retryAfterMs: settings.rateLimitRetryAfterMs };
  if (settings.errorRate > 0 && random() < settings.errorRate) return { kind: "error" };
  return undefined;
}

/** The in-process form of a fault: the HelpdeskError the port throws. */
export function faultError(outcome: FaultOutcome): HelpdeskError {
  switch (outcome.kind) {
    case "outage":
      return new HelpdeskError("unavailable", "The helpdesk is unavailable (outage).");
    case "error":
      return new HelpdeskError("unavailable", "The helpdesk failed with an internal error.");
    case "rate_limited":
      return new HelpdeskError("rate_limited", "The helpdesk rate limit was reached.", {
        retryAfterMs: outcome.retryAfterMs,
      });
  }
}

/** True (and counts it down) when the next create must be ambiguous. */
export function takeAmbiguousCreate(faults: FaultController): boolean {
  const left = faults.get().ambiguousCreates;
  if (left <= 0) return false;
  faults.set({ ambiguousCreates: left - 1 });
  return true;
}
