import type { CallOptions, HealthReport, HelpdeskError } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { toHelpdeskError } from "./error-mapping.ts";
import { probeRequests } from "./evidence.ts";
import type { RequestMapping } from "./request-mapping.ts";

/** What the health probe needs. */
export interface HealthDeps {
  client: SdpClient;
  mapping: RequestMapping;
  /** The last misconfiguration a real call ran into (e.g. a UDF SDP refused), if any. */
  lastProblem: () => HelpdeskError | undefined;
}

const UDF_SETTINGS = [
  ["udfCaller", "SDP_UDF_CALLER"],
  ["udfOutageKey", "SDP_UDF_OUTAGE_KEY"],
  ["udfMarker", "SDP_UDF_MARKER"],
] as const;

/**
 * Readiness of the SDP adapter; never throws. Probes the request list (address, portal, token),
 * then, when UDFs are configured, checks their keys against `GET /requests/_metainfo` (reference
 * §6, [V-code] ANSIBLE). A metainfo answer it cannot read proves nothing and is ignored. A
 * misconfiguration seen on a real call is reported too. `detail` starts with the HelpdeskError code
 * (e.g. "misconfigured: SDP_PORTAL …").
 */
export async function sdpHealth(deps: HealthDeps, o?: CallOptions): Promise<HealthReport> {
  const { client } = deps;
  const started = client.now();
  const report = (problem?: string): HealthReport => ({
    ok: problem === undefined,
    kind: "sdp",
    latencyMs: client.now() - started,
    ...(problem === undefined ? {} : { detail: problem }),
  });
  try {
    await probeRequests(client, o);
  } catch (error) {
    const mapped = toHelpdeskError(error, false);
    return report(`${mapped.code}: ${mapped.message}`);
  }
  const unknown = await unknownUdfs(deps, o);
  if (unknown.length > 0) {
    return report(
      `misconfigured: ${unknown.map(([setting, key]) => `${setting}=${key}`).join(", ")}: SDP has no such request field (check the UDF keys in SDP's request form).`,
    );
  }
  const problem = deps.lastProblem();
  return report(problem ? `${problem.code}: ${problem.message}` : undefined);
}

/** `[setting, key]` of each configured UDF the portal's metainfo does not list. */
async function unknownUdfs(deps: HealthDeps, o?: CallOptions): Promise<[string, string][]> {
  const configured = UDF_SETTINGS.flatMap(([key, setting]) => {
    const value = deps.mapping[key];
    return value ? [[setting, value] as [string, string]] : [];
  });
  if (configured.length === 0) return [];
  let known: Set<string> | undefined;
  try {
    const { body } = await deps.client.call({
      method: "GET",
      path: "/requests/_metainfo",
      noRetry: true,
      ...(o?.signal ? { signal: o.signal } : {}),
    });
    known = udfKeys(body);
  } catch {
    return [];
  }
  return known ? configured.filter(([, key]) => !known.has(key)) : [];
}

/** UDF keys in `metainfo.fields.udf_fields.fields`: an object keyed by field, or an array of `{name}`. */
function udfKeys(body: Record<string, unknown>): Set<string> | undefined {
  const at = (value: unknown, key: string) =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const fields = at(at(at(at(body, "metainfo"), "fields"), "udf_fields"), "fields");
  if (Array.isArray(fields)) {
    const names = fields.map((f) => at(f, "name")).filter((n): n is string => typeof n === "string");
    return new Set(names);
  }
  if (typeof fields === "object" && fields !== null) return new Set(Object.keys(fields));
  return undefined;
}
