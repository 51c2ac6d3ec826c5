// Values to probe a server with, generated from a JSON Schema (OpenAPI 3.1): its examples, and each
// constraint's just-inside and just-outside values (lengths, including lengths in patterns such as
// `{1,64}`, numeric ranges, enums and consts, types), plus the ways a client bends a valid value
// (case, spacing, surrounding white space). Whether each value is valid is not decided here: the
// test asks a JSON Schema validator over the same document, so any value is a fair probe.

export type Schema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  examples?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
};

/** Every sub-schema that constrains the same value (anyOf/oneOf/allOf flattened, $refs resolved). */
export function branches(schema: Schema, resolve: (ref: string) => Schema): Schema[] {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  return [s, ...nested.flatMap((n) => branches(n, resolve))];
}

/** Integer bounds a schema places on lengths: min/maxLength and `{m,n}` quantifiers in patterns. */
function lengthBounds(parts: Schema[]): number[] {
  const out = new Set<number>();
  for (const p of parts) {
    if (p.minLength !== undefined) out.add(p.minLength);
    if (p.maxLength !== undefined) out.add(p.maxLength);
    for (const m of p.pattern?.matchAll(/\{(\d+),(\d*)\}/g) ?? []) {
      out.add(Number(m[1]));
      if (m[2]) out.add(Number(m[2]));
    }
  }
  return [...out];
}

/** `text` grown to `length` characters by spaces inserted in its middle (so it keeps its meaning). */
function padInside(text: string, length: number): string {
  const middle = Math.floor(text.length / 2);
  return text.slice(0, middle) + " ".repeat(Math.max(0, length - text.length)) + text.slice(middle);
}

/** The ways a client bends a valid string. */
function bends(text: string): string[] {
  const middle = Math.floor(text.length / 2);
  return [
    text.toLowerCase(),
    text.toUpperCase(),
    `${text.slice(0, middle)} ${text.slice(middle)}`,
    `  ${text}  `,
    `x${text}`,
  ];
}

/** Candidate values for one property: valid and invalid ones, undecided. */
export function candidates(
  schema: Schema,
  resolve: (ref: string) => Schema,
  seen: unknown[] = [],
): unknown[] {
  const parts = branches(schema, resolve);
  const examples = [
    ...seen,
    ...parts.flatMap((p) => p.examples ?? []),
    ...parts.flatMap((p) => p.enum ?? []),
  ];
  for (const p of parts) if ("const" in p) examples.push(p.const);
  const strings = examples.filter((e): e is string => typeof e === "string");
  const out: unknown[] = [...examples, null, true, 42, [], {}, "", " "];

  for (const p of parts) {
    for (const bound of [p.minimum, p.maximum]) {
      if (bound !== undefined) out.push(bound, bound - 0.001, bound + 0.001, String(bound));
    }
  }
  for (const text of strings) out.push(...bends(text));
  for (const bound of lengthBounds(parts)) {
    for (const length of [bound - 1, bound, bound + 1].filter((n) => n >= 0 && n <= 1000)) {
      out.push("x".repeat(length), `  ${"x".repeat(length)}  `);
      for (const text of strings) if (text.length <= length) out.push(padInside(text, length));
    }
  }
  const unique = new Map(out.map((v) => [JSON.stringify(v), v]));
  return [...unique.values()];
}
