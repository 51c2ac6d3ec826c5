/** What a counting `fetch` saw: token-endpoint calls apart from API calls. */
export interface FetchCounts {
  apiCalls: number;
  tokenCalls: number;
  /** Clock readings (the injected `now`) of each token-endpoint call. */
  tokenCallTimes: number[];
  /** API calls by method and path shape, e.g. "POST /requests/{id}/notes". */
  byRoute: Record<string, number>;
}

/** A `fetch` for `createSdpClient({ fetch })` that counts what reaches the server, and resets. */
export interface CountingFetch {
  fetch: typeof fetch;
  counts(): FetchCounts;
  reset(): void;
}

/** "/app/itdesk/api/v3/requests/123/notes" → "/requests/{id}/notes". */
function routeShape(pathname: string): string {
  const api = pathname.replace(/^(\/app\/[^/]+)?\/api\/v3/, "");
  return api.replace(/\/\d+(?=\/|$)/g, "/{id}") || "/";
}

export function createCountingFetch(
  now: () => number,
  inner: typeof fetch = globalThis.fetch,
): CountingFetch {
  let counts: FetchCounts;
  const reset = () => {
    counts = { apiCalls: 0, tokenCalls: 0, tokenCallTimes: [], byRoute: {} };
  };
  reset();
  const counting: typeof fetch = (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (url.pathname.startsWith("/oauth/")) {
      counts.tokenCalls += 1;
      counts.tokenCallTimes.push(now());
    } else {
      counts.apiCalls += 1;
      const key = `${method} ${routeShape(url.pathname)}`;
      counts.byRoute[key] = (counts.byRoute[key] ?? 0) + 1;
    }
    return inner(input, init);
  };
  return {
    fetch: counting,
    counts: () => ({ ...counts, tokenCallTimes: [...counts.tokenCallTimes], byRoute: { ...counts.byRoute } }),
    reset,
  };
}
