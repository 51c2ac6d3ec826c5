import { type Helpdesk, HelpdeskError, isHelpdeskError } from "@ispn/core";
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";

/** The circuit breaker's state, as readiness and metrics report it. */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failed helpdesk calls that open the circuit. Default 5. */
  failures?: number;
  /** How long the circuit stays open before one probe call may go through. Default 10 s. */
  halfOpenAfterMs?: number;
  now?: () => number;
}

/** A helpdesk behind a circuit breaker, and the breaker's state. */
export interface GuardedHelpdesk {
  helpdesk: Helpdesk;
  breaker: {
    state(): BreakerState;
    /**
     * False while the circuit is open and its cool-down has not passed: a call would fail at once.
     * True again when a probe may go (the next call half-opens the circuit).
     */
    available(): boolean;
    /** Calls `listener` on every state change; returns an unsubscribe function. */
    onStateChange(listener: (state: BreakerState) => void): () => void;
  };
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};

/** Failures that say the helpdesk is in trouble (not that one request was wrong). */
const isHelpdeskTrouble = (error: unknown) => isHelpdeskError(error) && error.retryable;

/**
 * Puts a circuit breaker (cockatiel) in front of every helpdesk call but `health`: after
 * `failures` consecutive outage-like failures (unavailable, timeout, lost answer, rate limit) calls
 * fail at once with `HelpdeskError("unavailable")` instead of waiting out the helpdesk, so handoffs
 * go straight to the outbox; after `halfOpenAfterMs` one call probes, and its success closes the
 * circuit. Refusals (invalid, not found, auth) do not count: the helpdesk answered.
 */
export function guardHelpdesk(helpdesk: Helpdesk, options: BreakerOptions = {}): GuardedHelpdesk {
  const halfOpenAfterMs = options.halfOpenAfterMs ?? 10_000;
  const now = options.now ?? Date.now;
  const policy = circuitBreaker(handleWhen(isHelpdeskTrouble), {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.failures ?? 5),
  });

  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await policy.execute(() => call(...args));
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new HelpdeskError(
            "unavailable",
            "The helpdesk has been failing; calls are paused for a few seconds (circuit open).",
            { cause: error, retryAfterMs: halfOpenAfterMs },
          );
        }
        throw error;
      }
    };

  // Every method but health, including ones added to the port later.
  const wrapped = new Map<PropertyKey, unknown>();
  const guarded = new Proxy(helpdesk, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function" || property === "health" || property === "constructor") return value;
      if (!wrapped.has(property))
        wrapped.set(property, guard((value as (...a: unknown[]) => Promise<unknown>).bind(target)));
      return wrapped.get(property);
    },
  });
  let openedAt = 0;
  policy.onBreak(() => {
    openedAt = now();
  });
  return {
    helpdesk: guarded,
    breaker: {
      state: () => STATES[policy.state],
      available: () => policy.state !== CircuitState.Open || now() - openedAt >= halfOpenAfterMs,
      onStateChange(listener) {
        const subscription = policy.onStateChange((state) => listener(STATES[state]));
        return () => subscription.dispose();
      },
    },
  };
}
