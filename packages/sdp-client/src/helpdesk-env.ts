import type { Issue, Result } from "@ispn/core";
import { SdpConfigError } from "./errors.ts";
import type { RequestMapping } from "./request-mapping.ts";

/**
 * Reads the handoff → request mapping from environment variables (see README):
 * `SDP_MODE`, `SDP_CATEGORY_MAP`, `SDP_PRIORITY_MAP`, `SDP_DEFAULT_REQUESTER_EMAIL`,
 * `SDP_MATCH_REQUESTER_BY_PHONE`, `SDP_TEMPLATE`, `SDP_UDF_CALLER`, `SDP_UDF_OUTAGE_KEY`,
 * `SDP_UDF_MARKER`. Unset variables keep the defaults. Every malformed variable is an issue whose
 * `path` is the variable's name.
 */
export function readSdpHelpdeskEnv(
  env: Record<string, string | undefined>,
): Result<{ mapping: Partial<RequestMapping> }> {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const issues: Issue[] = [];
  const mapping: Partial<RequestMapping> = {};
  const mode = get("SDP_MODE");
  if (mode) mapping.mode = mode;
  const categoryMap = get("SDP_CATEGORY_MAP");
  if (categoryMap) mapping.categoryMap = parseMap("SDP_CATEGORY_MAP", categoryMap, issues);
  const priorityMap = get("SDP_PRIORITY_MAP");
  if (priorityMap) mapping.priorityMap = parseMap("SDP_PRIORITY_MAP", priorityMap, issues);
  const email = get("SDP_DEFAULT_REQUESTER_EMAIL");
  if (email) {
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) mapping.defaultRequesterEmail = email;
    else
      issues.push({
        path: "SDP_DEFAULT_REQUESTER_EMAIL",
        message: "must be an e-mail address of an SDP requester",
      });
  }
  const match = get("SDP_MATCH_REQUESTER_BY_PHONE")?.toLowerCase();
  if (match) {
    if (["true", "false", "1", "0", "yes", "no"].includes(match))
      mapping.matchRequesterByPhone = ["true", "1", "yes"].includes(match);
    else
      issues.push({ path: "SDP_MATCH_REQUESTER_BY_PHONE", message: `must be true or false; got "${match}"` });
  }
  const template = get("SDP_TEMPLATE");
  if (template) mapping.template = template;
  for (const [name, key] of [
    ["SDP_UDF_CALLER", "udfCaller"],
    ["SDP_UDF_OUTAGE_KEY", "udfOutageKey"],
    ["SDP_UDF_MARKER", "udfMarker"],
  ] as const) {
    const value = get(name);
    if (!value) continue;
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(value)) mapping[key] = value;
    else issues.push({ path: name, message: `must be an SDP field key such as udf_sline_1; got "${value}"` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { mapping } };
}

/**
 * Reads the handoff → request mapping from environment variables, as {@link readSdpHelpdeskEnv}
 * does. Throws {@link SdpConfigError} naming the first malformed variable.
 */
export function resolveSdpHelpdeskOptionsFromEnv(env: Record<string, string | undefined>): {
  mapping: Partial<RequestMapping>;
} {
  const read = readSdpHelpdeskEnv(env);
  if (!read.ok) throw new SdpConfigError(read.issues[0]!.path, read.issues[0]!.message);
  return read.value;
}

/**
 * `Key=Value` pairs separated by commas, or by semicolons when a value contains a comma
 * (`WiFi=Internet - WiFi,Outage=Network`). A malformed entry is recorded in `issues` (once per
 * variable) and skipped.
 */
function parseMap(name: string, raw: string, issues: Issue[]): Record<string, string> {
  const separator = raw.includes(";") ? ";" : ",";
  const map: Record<string, string> = {};
  for (const entry of raw.split(separator)) {
    if (!entry.trim()) continue;
    const at = entry.indexOf("=");
    const key = entry.slice(0, at).trim();
    const value = entry.slice(at + 1).trim();
    if (at < 0 || !key || !value) {
      issues.push({
        path: name,
        message: `entry "${entry.trim()}" is not Key=Value (e.g. WiFi=Internet - WiFi)`,
      });
      break;
    }
    map[key] = value;
  }
  return map;
}
