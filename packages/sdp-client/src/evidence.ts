import { type CallOptions, HelpdeskError } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { toHelpdeskError } from "./error-mapping.ts";
import { isSdpError } from "./errors.ts";
import type { RequestMapping } from "./request-mapping.ts";

/** The one-row request list: the cheapest call that proves the address and portal are right. */
export async function probeRequests(client: SdpClient, o?: CallOptions): Promise<void> {
  await client.call({
    method: "GET",
    path: "/requests",
    inputData: { list_info: { start_index: 1, row_count: 1 } },
    noRetry: true,
    ...(o?.signal ? { signal: o.signal } : {}),
  });
}

/**
 * [unsure] What SDP answers for a request id that does not exist: the reference (§5.2) gives 4007
 * "Invalid URL or Resource not found" for both a missing resource and a wrong address, and no
 * recorded sample. So a JSON 4007 (or code-less JSON 404), whatever its wording, counts as "no such
 * request" only when the same portal then answers the request list: that proves the address is
 * right. An HTML page never counts (it is the wrong address), nor does a failing probe.
 *
 * @returns "missing" when SDP positively said the request does not exist; otherwise the error to throw.
 */
export async function missingOr(
  client: SdpClient,
  error: unknown,
  o?: CallOptions,
): Promise<"missing" | HelpdeskError> {
  const json4007 =
    isSdpError(error, "not_found") || (isSdpError(error, "misconfigured") && error.statusCode === 4007);
  if (!json4007) return toHelpdeskError(error, false);
  try {
    await probeRequests(client, o);
    return "missing";
  } catch (probeError) {
    if (isSdpError(probeError, "not_found") || isSdpError(probeError, "misconfigured")) {
      // Even the request list is "not found": the address is wrong, not the ticket missing.
      return new HelpdeskError(
        "misconfigured",
        "SDP_BASE_URL, SDP_PORTAL: SDP answers 4007 (Invalid URL or resource not found) even for the request list; the portal or base URL is wrong.",
        { cause: probeError },
      );
    }
    return toHelpdeskError(probeError, false);
  }
}

/** Throws "not_found" when SDP positively said the request does not exist, else the mapped error. */
export async function rethrowForTicket(client: SdpClient, error: unknown, o?: CallOptions): Promise<never> {
  const outcome = await missingOr(client, error, o);
  if (outcome !== "missing") throw outcome;
  throw new HelpdeskError("not_found", "SDP has no such request.", { cause: error });
}

/** Which setting put each SDP field into a request, for fields the operator's mapping decides. */
export function mappedSettings(mapping: RequestMapping, handoff: boolean): Record<string, string> {
  const settings: Record<string, string> = {};
  const udf = (key: string | undefined, name: string) => {
    if (!key) return;
    settings[key] = name;
    settings[`udf_fields.${key}`] = name;
  };
  udf(mapping.udfCaller, "SDP_UDF_CALLER");
  udf(mapping.udfOutageKey, "SDP_UDF_OUTAGE_KEY");
  udf(mapping.udfMarker, "SDP_UDF_MARKER");
  if (handoff) {
    if (Object.keys(mapping.categoryMap).length > 0) {
      settings.category = "SDP_CATEGORY_MAP";
      settings.subcategory = "SDP_CATEGORY_MAP";
    }
    if (mapping.mode) settings.mode = "SDP_MODE";
    if (Object.keys(mapping.priorityMap).length > 0) settings.priority = "SDP_PRIORITY_MAP";
    if (mapping.template) settings.template = "SDP_TEMPLATE";
  }
  return settings;
}

/**
 * An "invalid" answer about a field the operator's mapping put there is a misconfiguration: say
 * which setting to fix (e.g. SDP_UDF_CALLER for "Extra key found in JSON: udf_fields.udf_char2").
 */
export function blameSetting(error: HelpdeskError, settings: Record<string, string>): HelpdeskError {
  if (error.code !== "invalid") return error;
  const blamed = [...new Set(error.fields.map((f) => settings[f]).filter((s) => s !== undefined))];
  if (blamed.length === 0) return error;
  return new HelpdeskError(
    "misconfigured",
    `${blamed.join(", ")}: SDP refused ${error.fields.join(", ")}, which this setting put in the request. Fix the setting to a value the portal has.`,
    { cause: error, fields: error.fields },
  );
}
