/**
 * SDP Cloud data centres: the API host and the Zoho accounts (token) host of each, from
 * `sdp-cloud-api-v3.md` §1.1. Facts the reference marks unsure are noted per row.
 */

/** Data-centre codes accepted by `SDP_DATA_CENTER` / `SdpClientConfig.dataCenter`. */
export const DATA_CENTERS = ["US", "EU", "IN", "AU", "CN", "JP", "CA", "UK", "SA", "AE"] as const;
/** One of {@link DATA_CENTERS}. */
export type DataCenter = (typeof DATA_CENTERS)[number];

/** Where one data centre lives. */
export interface DataCenterHosts {
  /** SDP API origin, e.g. `https://sdpondemand.manageengine.com`. */
  apiOrigin: string;
  /** Zoho accounts origin that mints tokens for this DC, e.g. `https://accounts.zoho.com`. */
  accountsOrigin: string;
  /**
   * Other accounts origins some sources use for this DC (the reference marks the fact [C]).
   * They are tried only when the primary host cannot be reached at all (DNS failure, refused
   * connection), never after the primary host answered.
   */
  alternateAccountsOrigins: readonly string[];
}

const TABLE: Record<DataCenter, DataCenterHosts> = {
  US: dc("https://sdpondemand.manageengine.com", "https://accounts.zoho.com"),
  EU: dc("https://sdpondemand.manageengine.eu", "https://accounts.zoho.eu"),
  IN: dc("https://sdpondemand.manageengine.in", "https://accounts.zoho.in"),
  // AU: the `sdpondemand.manageengine.com.au` alias may not serve the API (MSCONN rewrites it).
  AU: dc("https://servicedeskplus.net.au", "https://accounts.zoho.com.au"),
  // CN [C]: the official SDP page says accounts.zoho.com.cn, XSOAR uses accounts.zoho.cn.
  CN: dc("https://servicedeskplus.cn", "https://accounts.zoho.com.cn", ["https://accounts.zoho.cn"]),
  JP: dc("https://servicedeskplus.jp", "https://accounts.zoho.jp"),
  // CA [C]: Zoho documents accounts.zohocloud.ca; the Ansible collection uses accounts.zoho.ca.
  CA: dc("https://servicedeskplus.ca", "https://accounts.zohocloud.ca", ["https://accounts.zoho.ca"]),
  UK: dc("https://servicedeskplus.uk", "https://accounts.zoho.uk"),
  // SA [S]: the SDP host comes from secondary sources only.
  SA: dc("https://servicedeskplus.sa", "https://accounts.zoho.sa"),
  // AE [S]: both hosts come from secondary sources only; override them if your portal differs.
  AE: dc("https://servicedeskplus.ae", "https://accounts.zoho.ae"),
};

function dc(apiOrigin: string, accountsOrigin: string, alternates: readonly string[] = []): DataCenterHosts {
  return { apiOrigin, accountsOrigin, alternateAccountsOrigins: alternates };
}

/** True when `value` is one of {@link DATA_CENTERS} (case-sensitive; callers upper-case first). */
export function isDataCenter(value: string): value is DataCenter {
  return (DATA_CENTERS as readonly string[]).includes(value);
}

/** The hosts of a data centre. */
export function dataCenterHosts(dataCenter: DataCenter): DataCenterHosts {
  return TABLE[dataCenter];
}
