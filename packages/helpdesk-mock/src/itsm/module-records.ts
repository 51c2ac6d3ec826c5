import { HelpdeskError } from "@ispn/core";
import type { SdpCause } from "../desk-errors.ts";
import type { PersonRecord } from "../records.ts";

/** A note on a problem or a change (reference §7: notes sub-resources [S]). */
export interface ModuleNote {
  id: string;
  description: string;
  showToRequester: boolean;
  author: string;
  createdAt: number;
}

/** A datetime window, epoch ms. */
export interface TimeWindow {
  start?: number;
  end?: number;
}

/** The modules beside requests that the mock serves. */
export type ItsmModule = "problem" | "change" | "solution" | "asset" | "project";

/** No such record in a module (SDP 4007, HTTP 404). */
export function moduleNotFound(module: ItsmModule, id: string): HelpdeskError {
  return new HelpdeskError("not_found", `No ${module} with id ${id}`, {
    cause: { sdpStatusCode: 4007 } satisfies SdpCause,
  });
}

/** Ids in the style of SDP's long numeric ids, distinct per module. */
export function moduleIdOf(module: ItsmModule, seq: number): string {
  const base: Record<ItsmModule, bigint> = {
    problem: 123640000002000011n,
    change: 123640000003000017n,
    solution: 123640000004000019n,
    asset: 123640000006000023n,
    project: 123640000007000029n,
  };
  return String(base[module] + BigInt(seq) * 1000n);
}

/** A person as held on a module record. */
export type ModulePerson = PersonRecord;
