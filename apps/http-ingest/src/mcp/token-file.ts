import { hash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** What a person's token may do. `read`: look things up; `write`: change tickets; `handoff`: hand off calls. */
export const SCOPES = ["read", "write", "handoff"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * One accepted MCP token. Only its SHA-256 is stored: a minted token carries 256 random bits, so a
 * fast hash cannot be reversed by guessing (slow password hashes such as bcrypt exist for
 * low-entropy secrets chosen by people), and checking a request costs one hash.
 */
export interface TokenEntry {
  /** Who holds it: written on every note and update they make, and in the audit log. */
  name: string;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
  /** `person`: the tools their scopes allow. `voice`: a voice agent, limited to the caller of the call. */
  profile: "person" | "voice";
  scopes: readonly Scope[];
  /** Voice tokens only: always this caller (E.164 or any common format), whatever the request says. */
  caller?: string;
}

const entrySchema = z
  .object({
    name: z.string().trim().min(1, "name is required (the person or agent holding the token)").max(80),
    sha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, "sha256 must be 64 hex characters (mint one with: pnpm mcp-token <name>)"),
    profile: z.enum(["person", "voice"]).default("person"),
    scopes: z.array(z.enum(SCOPES, { error: `each scope must be one of ${SCOPES.join(", ")}` })).optional(),
    caller: z.string().trim().min(3).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.profile === "person" && (entry.scopes === undefined || entry.scopes.length === 0))
      ctx.addIssue({
        code: "custom",
        path: ["scopes"],
        message: `give at least one of ${SCOPES.join(", ")}`,
      });
    if (entry.profile === "voice" && entry.scopes?.includes("write"))
      ctx.addIssue({
        code: "custom",
        path: ["scopes"],
        message: "a voice token cannot have the write scope",
      });
    if (entry.profile === "person" && entry.caller !== undefined)
      ctx.addIssue({ code: "custom", path: ["caller"], message: "caller applies to voice tokens only" });
  });

const fileSchema = z.union([z.array(z.unknown()), z.object({ tokens: z.array(z.unknown()) }).strict()]);

/** The SHA-256 (hex) under which a token is stored. */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/**
 * Reads a token list: JSON or YAML, either a list of entries or `{ tokens: [...] }`. Returns every
 * problem found (entry number and field), so one edit fixes them all.
 */
export function parseTokenList(
  text: string,
): { ok: true; entries: TokenEntry[] } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    // every value is a string here: the failsafe schema keeps an all-digit hash from becoming a number
    raw = parseYaml(text, { schema: "failsafe" });
  } catch (error) {
    return { ok: false, problems: [`not valid JSON or YAML: ${(error as Error).message.split("\n")[0]}`] };
  }
  const file = fileSchema.safeParse(raw ?? []);
  if (!file.success)
    return { ok: false, problems: ["must be a list of tokens, or an object with a tokens list"] };
  const list = Array.isArray(file.data) ? file.data : file.data.tokens;
  const problems: string[] = [];
  const entries: TokenEntry[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const parsed = entrySchema.safeParse(item);
    const where = `token ${index + 1}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? ` ${issue.path.join(".")}` : "";
        problems.push(`${where}${field}: ${issue.message}`);
      }
      return;
    }
    const { scopes, caller, ...rest } = parsed.data;
    if (seen.has(rest.sha256)) problems.push(`${where}: the same token hash appears twice`);
    seen.add(rest.sha256);
    entries.push({
      ...rest,
      scopes: scopes?.length ? [...new Set(scopes)] : ["read", "handoff"],
      ...(caller === undefined ? {} : { caller }),
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}
