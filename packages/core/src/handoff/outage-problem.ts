import type { OutageProblems } from "../ports/outage-problems.ts";
import { canonicalOutageKey } from "../schemas/normalize-agent-values.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { TicketRef } from "../ticket.ts";
import { claimUntilLanded } from "./claim-loop.ts";
import { type Attempt, type FindOrCreateDeps, type Landing, mayHaveCreated } from "./find-or-create.ts";

/** What the outage-as-problem flow needs. */
export interface OutageProblemDeps
  extends Pick<
    FindOrCreateDeps,
    "dedup" | "windowMs" | "leaseMs" | "waitMs" | "now" | "randomId" | "sleep" | "random" | "logger"
  > {
  problems: OutageProblems;
}

/** Where an outage handoff landed: the caller's own request, and the outage's problem it is linked to. */
export interface OutageLanding extends Landing {
  problem: TicketRef;
}

const opts = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The dedup key of an outage's problem. */
export const problemKey = (outage: string) => `problem:oa:${outage}`;

/**
 * The dedup keys of a caller's own request within an outage: per caller *and* outage, so a repeat
 * caller joins their own request, and a caller of a new outage gets a new one. No caller number, no key.
 */
export function outageCallerKeys(handoff: Pick<Handoff, "callerNumber">, outage: string): string[] {
  return handoff.callerNumber ? [`oa:${outage}:caller:${handoff.callerNumber}`] : [];
}

/**
 * Outage tickets as problems: an outage key opens or finds one problem (deduplicated through the
 * dedup store under `problem:oa:<key>`, crash-safe like tickets: the create intent is claimed
 * first, an abandoned intent's problem is looked for by its marker before creating); then the
 * caller's own request is found or created (`findRequest`, deduplicated per caller and outage) and
 * linked to the problem. Linking is repeated on every attempt: it is harmless, and a retry after a
 * failed link completes it. Returns `undefined` for a handoff without an outage key.
 */
export function createOutageProblemLanding(
  deps: OutageProblemDeps,
  findRequest: (attempt: Attempt) => Promise<Landing>,
): (attempt: Attempt) => Promise<OutageLanding | undefined> {
  const { problems, dedup, logger } = deps;

  async function settle(keys: string[], claimId: string, problem: TicketRef) {
    const done = await dedup
      .complete({ keys, claimId, ticket: problem, windowMs: deps.windowMs, now: deps.now() })
      .catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, "could not record the outage problem");
        return false;
      });
    if (!done) logger.warn({ problemId: problem.id }, "outage problem not recorded; kept");
  }

  async function createClaimed(
    attempt: Attempt,
    outage: string,
    keys: string[],
    claimId: string,
    abandoned: string[],
  ) {
    const { signal, marker } = attempt;
    const earlier = attempt.retry && !abandoned.includes(marker) ? [marker, ...abandoned] : abandoned;
    for (const m of earlier) {
      const found = await problems.findProblemByMarker(m, opts(signal));
      if (found?.open) {
        await settle(keys, claimId, found);
        return found;
      }
    }
    const input = {
      title: `Outage: ${outage}`,
      description: [
        `Outage reported by the voice agent (outage key ${outage}).`,
        `First report: ${attempt.handoff.summary}`,
        "Each caller's own request is linked to this problem.",
        `Ref: ${marker}`,
      ].join("\n"),
    };
    try {
      const created = await problems.createProblem(input, opts(signal));
      await settle(keys, claimId, created);
      return created;
    } catch (error) {
      if (mayHaveCreated(error)) {
        const found = await problems.findProblemByMarker(marker, opts(signal)).catch(() => undefined);
        if (found) {
          await settle(keys, claimId, found);
          return found;
        }
      } else {
        await dedup.release({ keys, claimId }).catch(() => undefined);
      }
      throw error;
    }
  }

  /** The outage's problem, and whether this attempt is a retry (learnt with the first claim when not known). */
  async function findProblem(
    attempt: Attempt,
    outage: string,
  ): Promise<{ problem: TicketRef; retry: boolean }> {
    const keys = [problemKey(outage)];
    return claimUntilLanded(
      deps,
      {
        keys,
        marker: attempt.marker,
        retry: attempt.retry,
        signal: attempt.signal,
        busy: "Another handoff for the same outage is still opening its problem; retry shortly.",
      },
      {
        async hit(ticket, retry) {
          const problem = await problems.getProblem(ticket.id, opts(attempt.signal));
          if (problem?.open) return { problem: ticket, retry };
          logger.info({ problemId: ticket.id }, "outage problem closed or gone: a new one is opened");
          await dedup.forget({ keys, ticketId: ticket.id });
          return undefined;
        },
        async claimed(claimId, abandoned, retry) {
          const { open: _open, ...ref } = await createClaimed(
            { ...attempt, retry },
            outage,
            keys,
            claimId,
            abandoned,
          );
          return { problem: ref, retry };
        },
      },
    );
  }

  return async (attempt) => {
    const outage =
      attempt.handoff.oaKey === undefined ? undefined : canonicalOutageKey(attempt.handoff.oaKey);
    if (!outage) return undefined;
    const { problem, retry } = await findProblem(attempt, outage);
    const landing = await findRequest({ ...attempt, retry, keys: outageCallerKeys(attempt.handoff, outage) });
    await problems.linkRequest(problem.id, landing.ticket.id, opts(attempt.signal));
    return { ...landing, problem };
  };
}
