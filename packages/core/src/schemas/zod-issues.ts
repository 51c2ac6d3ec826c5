import type { z } from "zod";
import type { Issue } from "../result.ts";

/** zod issues as our `Issue`s: a dotted path and a message naming the rule. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ""): Issue[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return { path, message: issue.message };
  });
}
