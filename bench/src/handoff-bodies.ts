/** The 4-line note the voice agent sends; the same text in every scenario, so only the path differs. */
export const FOUR_LINE =
  "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85";

/** The one caller of the repeat-caller scenarios. */
export const REPEAT_CALLER = "+14155550123";

const AREAS = [
  212, 213, 312, 415, 617, 646, 702, 713, 305, 404, 206, 303, 512, 602, 503, 215, 718, 818, 919, 971,
];

/**
 * The i-th distinct, valid US number in E.164 (about 20 million before repeating): area codes from a
 * fixed list, exchanges 200–299 without the N11 code 211, any line number.
 */
export function distinctCaller(i: number): string {
  const area = AREAS[i % AREAS.length]!;
  const rest = Math.floor(i / AREAS.length);
  const exchanges = 99;
  const step = rest % exchanges;
  const exchange = 200 + step + (step >= 11 ? 1 : 0);
  const line = Math.floor(rest / exchanges) % 10_000;
  return `+1${area}${exchange}${String(line).padStart(4, "0")}`;
}

/** Body of a handoff; `conversationId` distinct per call, as ElevenLabs sends it. */
export function handoffBody(callerNumber: string, conversationId: string): string {
  return JSON.stringify({ note: FOUR_LINE, callerNumber, conversationId });
}

/** A source of bodies where every call is a new caller (every request creates a ticket). */
export function newCallerBodies(runId: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    return handoffBody(distinctCaller(n), `bench-new-${runId}-${n}`);
  };
}

/** A source of bodies from one caller and category with a new conversation each time (dedup hits). */
export function repeatCallerBodies(runId: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    return handoffBody(REPEAT_CALLER, `bench-repeat-${runId}-${n}`);
  };
}
