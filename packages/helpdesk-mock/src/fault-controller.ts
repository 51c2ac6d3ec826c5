/** The faults a mock helpdesk injects, changeable at run time. */
export interface FaultSettings {
  /** Added before every call (in process) or every API request (over HTTP). */
  latencyMs: number;
  /** Probability, 0..1, that a call fails as "unavailable" (HTTP 500 with SDP code 4004). */
  errorRate: number;
  /** A full outage: every call fails as "unavailable" (HTTP 503). */
  outage: boolean;
  /** Every call is refused as "rate_limited" (HTTP 429 with SDP code 4015). */
  rateLimited: boolean;
  /** The wait a rate-limited caller is told to observe (HTTP `Retry-After`, rounded up to seconds). */
  rateLimitRetryAfterMs: number;
  /** How many of the next creates are ambiguous: the ticket is created but the answer is lost. */
  ambiguousCreates: number;
}

/** Reads and changes the fault settings of a running mock. */
export interface FaultController {
  /** A copy of the current settings. */
  get(): FaultSettings;
  /** Changes the given settings; throws `RangeError` on a value out of range. */
  set(patch: Partial<FaultSettings>): void;
  /** Back to no faults at all (not to the settings the mock was created with). */
  reset(): void;
}

/** No faults at all. */
export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  outage: false,
  rateLimited: false,
  rateLimitRetryAfterMs: 30_000,
  ambiguousCreates: 0,
});

const NUMBER_KEYS = ["latencyMs", "rateLimitRetryAfterMs", "ambiguousCreates"] as const;
const BOOLEAN_KEYS = ["outage", "rateLimited"] as const;

/** Checks a patch (for example one sent as JSON to `PUT /_mock/faults`); throws `RangeError`. */
export function validateFaultPatch(patch: Record<string, unknown>): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const [key, value] of Object.entries(patch)) {
    if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`${key} must be a number >= 0`);
      }
      out[key as (typeof NUMBER_KEYS)[number]] = key === "ambiguousCreates" ? Math.floor(value) : value;
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== "boolean") throw new RangeError(`${key} must be true or false`);
      out[key as (typeof BOOLEAN_KEYS)[number]] = value;
    } else if (key === "errorRate") {
      if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
        throw new RangeError("errorRate must be a number from 0 to 1");
      }
      out.errorRate = value;
    } else {
      throw new RangeError(`unknown fault setting: ${key}`);
    }
  }
  return out;
}

/** Creates a fault controller starting from `initial` (missing settings: no fault). */
export function createFaultController(initial: Partial<FaultSettings> = {}): FaultController {
  let settings: FaultSettings = { ...NO_FAULTS, ...validateFaultPatch(initial) };
  return {
    get: () => ({ ...settings }),
    set(patch) {
      settings = { ...settings, ...validateFaultPatch(patch) };
    },
    reset() {
      settings = { ...NO_FAULTS };
    },
  };
}
