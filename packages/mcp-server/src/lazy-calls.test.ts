import { describe, expect, it } from "vitest";
import { lazyCalls } from "./lazy-calls.ts";
import type { ServiceDeskModules } from "./service-desk-modules.ts";

/** A stand-in with the shape the tools use: methods, and nested `notes` methods that need `this`. */
function fakeModules() {
  const problems = {
    prefix: "P-",
    async get(id: string) {
      return `${this.prefix}${id}`;
    },
    notes: {
      count: 2,
      async list(id: string) {
        return `${id} has ${this.count} notes`;
      },
    },
  };
  return { problems } as unknown as ServiceDeskModules;
}

describe("lazyCalls", () => {
  it("loads on the first call only, once, and calls the real methods with their own `this`", async () => {
    let loads = 0;
    const modules = lazyCalls(async () => {
      loads++;
      return fakeModules();
    });
    const problems = modules.problems as unknown as {
      get(id: string): Promise<string>;
      notes: { list(id: string): Promise<string> };
    };
    expect(loads).toBe(0);
    expect(await Promise.all([problems.get("7"), problems.notes.list("7")])).toEqual([
      "P-7",
      "7 has 2 notes",
    ]);
    expect(loads).toBe(1);
  });

  it("is not mistaken for a promise, and a failed load fails the call", async () => {
    const modules = lazyCalls<ServiceDeskModules>(() => Promise.reject(new Error("no SDP client")));
    expect(await Promise.resolve(modules)).toBe(modules);
    await expect((modules.problems as unknown as { get(): Promise<unknown> }).get()).rejects.toThrow(
      "no SDP client",
    );
  });
});
