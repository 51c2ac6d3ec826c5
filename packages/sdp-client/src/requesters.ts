import { fetchPage, type ListOptions, type ListPage, MAX_ROW_COUNT } from "./listing.ts";
import { anyOf, where } from "./search-criteria.ts";
import type { Transport } from "./transport.ts";
import { type WireUser, wireUser } from "./wire-schemas.ts";

/** Requesters (`GET /requesters`, reference §6). */
export interface RequestersApi {
  list(options?: ListOptions): Promise<ListPage<WireUser>>;
  /**
   * Requesters whose phone or mobile is `phone`. SDP stores numbers as typed ("(555) 123-4567",
   * "+1 555…"), so SDP is asked for numbers containing the last four digits and the candidates
   * are compared digit by digit (the last ten digits, or all when shorter).
   */
  findByPhone(phone: string, options?: { signal?: AbortSignal }): Promise<WireUser[]>;
}

const digits = (value: string | null | undefined) => (value ?? "").replace(/\D/g, "");

/** The requesters module over a transport. */
export function createRequestersApi(transport: Transport): RequestersApi {
  const api: RequestersApi = {
    list(options) {
      return fetchPage(transport, "/requesters", ["requesters", "users"], wireUser, options);
    },
    async findByPhone(phone, options) {
      const wanted = digits(phone).slice(-10);
      if (wanted.length < 7) return [];
      const last4 = wanted.slice(-4);
      const page = await api.list({
        rowCount: MAX_ROW_COUNT,
        searchCriteria: anyOf(where("phone", "contains", last4), where("mobile", "contains", last4)),
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return page.items.filter((user) =>
        [user.phone, user.mobile].some((n) => {
          const have = digits(n);
          return have.length >= 7 && (have.endsWith(wanted) || wanted.endsWith(have));
        }),
      );
    },
  };
  return api;
}
