import { hash } from "node:crypto";
import { ToolInputError } from "./tool-errors.ts";

/** Where the next page starts, and for which query. */
export interface PageCursor {
  /** 1-based index of the next page's first row. */
  startIndex: number;
  /** Rows per page. */
  rowCount: number;
}

/** A short fingerprint of a query, so a cursor is not reused with other filters by mistake. */
export function queryFingerprint(query: unknown): string {
  return hash("sha256", JSON.stringify(query), "base64url").slice(0, 10);
}

/** An opaque cursor string for the page at `page.startIndex` of the query with `fingerprint`. */
export function encodeCursor(page: PageCursor, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ s: page.startIndex, n: page.rowCount, q: fingerprint })).toString(
    "base64url",
  );
}

/**
 * Reads a cursor from {@link encodeCursor}. Throws `ToolInputError` when it is not one of ours or
 * belongs to a query with other filters.
 */
export function decodeCursor(cursor: string, fingerprint: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { s?: unknown; n?: unknown; q?: unknown } | undefined;
  const valid =
    c !== undefined &&
    c !== null &&
    Number.isInteger(c.s) &&
    (c.s as number) >= 1 &&
    Number.isInteger(c.n) &&
    (c.n as number) >= 1 &&
    (c.n as number) <= 100;
  if (!valid) {
    throw new ToolInputError([
      {
        path: "cursor",
        message:
          "is not a cursor from this tool; pass nextCursor from the previous page, or leave it out for the first page",
      },
    ]);
  }
  if (c.q !== fingerprint) {
    throw new ToolInputError([
      {
        path: "cursor",
        message:
          "belongs to a query with other filters; repeat the same filters, or leave cursor out to start again",
      },
    ]);
  }
  return { startIndex: c.s as number, rowCount: c.n as number };
}

/** The cursor of the page after one that started at `startIndex` with `count` rows, when there is one. */
export function nextCursor(
  page: { startIndex: number; hasMore: boolean; count: number },
  rowCount: number,
  fingerprint: string,
): string | undefined {
  if (!page.hasMore || page.count === 0) return undefined;
  return encodeCursor({ startIndex: page.startIndex + page.count, rowCount }, fingerprint);
}
