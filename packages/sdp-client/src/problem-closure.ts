import type { WireProblem } from "./itsm-wire-schemas.ts";
import type { ListPage } from "./listing.ts";
import type { AddNoteInput } from "./notes.ts";
import type { CallOptions, CloseRequestInput, SdpRequestInput } from "./requests.ts";
import type { WireNote, WireRequest } from "./wire-schemas.ts";

/** What happens to a problem's linked requests when it closes. */
export type LinkedRequestsAction = "notify" | "close" | "leave";

/** How to close a problem and what to tell the requests linked to it. */
export interface CloseProblemWithRequestsInput {
  /** Closure code of the problem, e.g. "Success". */
  closureCode?: string;
  comments?: string;
  /**
   * `notify` (default): a public note on each linked request; `close`: each linked request is
   * closed with `message` as its resolution; `leave`: the requests stay as they are.
   */
  linkedRequests?: LinkedRequestsAction;
  /** What the callers read (note or resolution). Plain text or HTML. */
  message: string;
  /** Closure code of the closed requests (`close` only). */
  requestClosureCode?: string;
  /**
   * At most this many requests are written per call (default 25, 1..100): the call stays short,
   * and the rest are reported `pending` for the next call.
   */
  maxRequests?: number;
}

/** A linked request, as reported. */
export interface LinkedRequestRef {
  id: string;
  displayId?: string;
}

/** What closing did. Re-running with the same input finishes `failed` and `pending` without doubling. */
export interface ProblemClosure {
  problem: WireProblem;
  /** The problem was closed before this call (it was not closed again). */
  problemWasClosed: boolean;
  action: LinkedRequestsAction;
  /** Requests noted or closed by this call. */
  done: LinkedRequestRef[];
  /** Requests already closed, or already carrying this problem's closure note. */
  alreadyDone: LinkedRequestRef[];
  /** Requests whose note or close failed, with the error's message. */
  failed: (LinkedRequestRef & { error: string })[];
  /** Requests not tried because `maxRequests` was reached. */
  pending: LinkedRequestRef[];
}

/** What the closure needs of the client. */
export interface ProblemClosureDeps {
  getProblem(id: string, options?: CallOptions): Promise<WireProblem>;
  closeProblem(
    id: string,
    input: { closureCode?: string; comments?: string },
    options?: CallOptions,
  ): Promise<WireProblem>;
  linkedRequests(
    problemId: string,
    page: { startIndex: number; rowCount: number; signal?: AbortSignal },
  ): Promise<ListPage<WireRequest>>;
  listNotes(
    requestId: string,
    page: { startIndex: number; rowCount: number; signal?: AbortSignal },
  ): Promise<ListPage<WireNote>>;
  addNote(requestId: string, note: AddNoteInput, options?: CallOptions): Promise<unknown>;
  updateRequest(id: string, request: SdpRequestInput, options?: CallOptions): Promise<unknown>;
  closeRequest(id: string, input: CloseRequestInput, options?: CallOptions): Promise<unknown>;
}

const ENDED = new Set(["closed", "resolved", "cancelled", "canceled"]);
const ended = (status: { name?: string | null | undefined } | null | undefined) =>
  ENDED.has((status?.name ?? "").toLowerCase());

/**
 * The line that marks a request's note as this problem's closure note: a re-run finds it and does
 * not add the note again.
 */
export function problemClosureMarker(problemId: string): string {
  return `Ref: problem-closure-${problemId}`;
}

/**
 * Closes a problem (unless already closed), then notes or closes each linked request, one at a
 * time. One request failing does not stop the others; it is reported. Safe to repeat.
 */
export async function closeProblemWithRequests(
  deps: ProblemClosureDeps,
  problemId: string,
  input: CloseProblemWithRequestsInput,
  options: CallOptions = {},
): Promise<ProblemClosure> {
  const action = input.linkedRequests ?? "notify";
  const limit = Math.min(100, Math.max(1, Math.trunc(input.maxRequests ?? 25)));
  const signal = options.signal ? { signal: options.signal } : {};
  const before = await deps.getProblem(problemId, options);
  const problemWasClosed = ended(before.status);
  const problem = problemWasClosed
    ? before
    : await deps.closeProblem(
        problemId,
        {
          ...(input.closureCode === undefined ? {} : { closureCode: input.closureCode }),
          ...(input.comments === undefined ? {} : { comments: input.comments }),
        },
        options,
      );
  const outcome: ProblemClosure = {
    problem,
    problemWasClosed,
    action,
    done: [],
    alreadyDone: [],
    failed: [],
    pending: [],
  };
  if (action === "leave") return outcome;

  const linked: WireRequest[] = [];
  for (let startIndex = 1; ; startIndex += 100) {
    const page = await deps.linkedRequests(problemId, { startIndex, rowCount: 100, ...signal });
    linked.push(...page.items);
    if (!page.hasMore || page.items.length === 0) break;
  }
  const marker = problemClosureMarker(problemId);
  const noted = async (requestId: string) => {
    for (let startIndex = 1; ; startIndex += 100) {
      const page = await deps.listNotes(requestId, { startIndex, rowCount: 100, ...signal });
      if (page.items.some((n) => (n.description ?? "").includes(marker))) return true;
      if (!page.hasMore || page.items.length === 0) return false;
    }
  };
  let written = 0;
  for (const request of linked) {
    const ref: LinkedRequestRef = {
      id: request.id,
      ...(request.display_id == null ? {} : { displayId: String(request.display_id) }),
    };
    if (ended(request.status)) {
      outcome.alreadyDone.push(ref);
      continue;
    }
    if (written >= limit) {
      outcome.pending.push(ref);
      continue;
    }
    try {
      if (action === "notify") {
        if (await noted(request.id)) {
          outcome.alreadyDone.push(ref);
          continue;
        }
        written += 1;
        await deps.addNote(
          request.id,
          { description: `${input.message}\n\n${marker}`, showToRequester: true },
          options,
        );
      } else {
        written += 1;
        await deps.updateRequest(request.id, { resolution: { content: input.message } }, options);
        await deps.closeRequest(
          request.id,
          {
            resolution: input.message,
            ...(input.requestClosureCode === undefined ? {} : { closureCode: input.requestClosureCode }),
          },
          options,
        );
      }
      outcome.done.push(ref);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      outcome.failed.push({ ...ref, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}
