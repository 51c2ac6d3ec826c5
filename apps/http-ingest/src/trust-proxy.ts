import proxyAddr from "proxy-addr";

/**
 * Which peers may tell us the client's address in `X-Forwarded-For` (`TRUST_PROXY`):
 * - `none`: no one; the client is the socket's peer (`TRUST_PROXY=false`, the default).
 * - `hops`: the nearest `hops` proxies, whatever their addresses (`TRUST_PROXY=1`, `2`, …;
 *   `true` means 1). The client is the address `hops` entries from the right of the header.
 * - `addresses`: peers within these addresses/CIDRs or the names `loopback`, `linklocal`,
 *   `uniquelocal` (`TRUST_PROXY=loopback,10.0.0.0/8`). The client is the first address, from the
 *   right, that is not one of them.
 *
 * In no case is the left-most entry, which the client itself wrote, believed merely because it is first.
 */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "addresses"; addresses: string[] };

/** `proxy-addr`'s trust function: is the address at position `i` (0 = socket peer) a trusted proxy? */
export type TrustFunction = (address: string, i: number) => boolean;

/** Reads `TRUST_PROXY`; `{ problem }` names what is wrong and the accepted forms. */
export function parseTrustProxy(value: string | undefined): TrustProxy | { problem: string } {
  const text = value?.trim() ?? "";
  const lower = text.toLowerCase();
  if (lower === "" || lower === "false" || lower === "0") return { kind: "none" };
  if (lower === "true") return { kind: "hops", hops: 1 };
  if (/^\d+$/.test(lower)) {
    const hops = Number(lower);
    if (hops > 10)
      return { problem: `"${text}" hops is more than 10; count the proxies in front of the app` };
    return { kind: "hops", hops };
  }
  const addresses = text
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  for (const address of addresses) {
    try {
      proxyAddr.compile(address);
    } catch (error) {
      return {
        problem: `"${address}" is not an address or CIDR (${(error as Error).message}); use false, a number of proxy hops (1), or addresses/CIDRs such as loopback,10.0.0.0/8`,
      };
    }
  }
  return { kind: "addresses", addresses };
}

/** The trust function for `proxy-addr`. */
export function compileTrustProxy(trust: TrustProxy): TrustFunction {
  switch (trust.kind) {
    case "none":
      return () => false;
    case "hops":
      return (_address, i) => i < trust.hops;
    case "addresses":
      return proxyAddr.compile(trust.addresses);
  }
}
