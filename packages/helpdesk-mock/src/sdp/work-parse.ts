import type { LookupRef } from "../catalog.ts";
import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";
import { extraKey } from "./request-keys.ts";

/** Refuses keys outside `allowed`, as SDP does ("Extra key found in JSON", HTTP 400 / 4000). */
export function checkKeys(entity: Json, module: string, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(entity)) if (!allowed.has(key)) throw extraKey(`${module}.${key}`);
}

/** Only the module key may sit at the top of `input_data`. */
export function checkTopKeys(input: Json, module: string): void {
  for (const key of Object.keys(input)) if (key !== module) throw extraKey(key);
}

const invalid = (field: string) => failed(4001, `Value given for ${field} is not valid`, { field });

/** A lookup: `{"id"}` or `{"name"}` (id wins). */
export function lookupOf(value: unknown, field: string): LookupRef {
  if (!isObject(value)) throw invalid(field);
  if (typeof value.id === "string" || typeof value.id === "number") return { id: String(value.id) };
  if (typeof value.name === "string") return { name: value.name };
  throw invalid(field);
}

/** A user: `{"id"}`, `{"email_id"}` or `{"name"}`. */
export function userOf(value: unknown, field: string): LookupRef {
  if (!isObject(value)) throw invalid(field);
  if (typeof value.id === "string" || typeof value.id === "number") return { id: String(value.id) };
  if (typeof value.email_id === "string") return { email: value.email_id };
  if (typeof value.name === "string") return { name: value.name };
  throw invalid(field);
}

/** Text, or 4001. */
export function textOf(value: unknown, field: string): string {
  if (typeof value !== "string") throw invalid(field);
  return value;
}

/** A datetime `{"value": "<epoch ms>"}` (a number is taken too), or 4001. */
export function timeOf(value: unknown, field: string): number {
  const raw = isObject(value) ? value.value : undefined;
  const ms = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(ms)) throw invalid(field);
  return ms;
}

/** A whole number given as a number or a numeric string, or 4001. */
export function countOf(value: unknown, field: string): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw invalid(field);
  return n;
}
