import type { Issue } from "./result.ts";

/**
 * What an attachment upload must satisfy. SDP Cloud's own per-file limit is not documented in any
 * source we found (reference §4.6), so we refuse above 10 MiB before sending, with a clear message,
 * rather than let SDP answer with an opaque failure after a long upload. Operators can lower or raise it.
 */
export interface AttachmentRules {
  /** Largest file accepted, bytes. Default {@link DEFAULT_ATTACHMENT_MAX_BYTES}. */
  maxBytes: number;
  /**
   * Accepted content types: an exact type (`application/pdf`) or a family (`image/*`).
   * Default {@link DEFAULT_ATTACHMENT_TYPES}.
   */
  allowedTypes: readonly string[];
}

/** 10 MiB. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Documents, images, logs, captures and archives a technician attaches; no executables or scripts. */
export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = [
  "text/plain",
  "text/csv",
  "text/html",
  "text/markdown",
  "image/*",
  "audio/*",
  "video/*",
  "application/pdf",
  "application/json",
  "application/xml",
  "application/zip",
  "application/gzip",
  "application/vnd.tcpdump.pcap",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-outlook",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/octet-stream",
  "message/rfc822",
];

/** The default rules. */
export const DEFAULT_ATTACHMENT_RULES: AttachmentRules = {
  maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
  allowedTypes: DEFAULT_ATTACHMENT_TYPES,
};

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** The bare type of a content type: lower case, parameters dropped (`Text/Plain; charset=x` → `text/plain`). */
export function bareContentType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Checks a file before upload: a name, a well-formed and allowed content type, 1 byte to
 * `maxBytes`. Returns every problem, each saying how to fix it; `[]` when the file may be sent.
 */
export function checkAttachment(
  file: { name: string; contentType: string; size: number },
  rules: AttachmentRules = DEFAULT_ATTACHMENT_RULES,
): Issue[] {
  const issues: Issue[] = [];
  const name = file.name.trim();
  if (name === "") issues.push({ path: "name", message: "Give the file a name, e.g. router-log.txt." });
  else if (/[/\\]/.test(name) || name.length > 255)
    issues.push({ path: "name", message: "Give a bare file name (no folders), at most 255 characters." });
  const type = bareContentType(file.contentType);
  if (!MIME.test(type)) {
    issues.push({
      path: "contentType",
      message: `"${file.contentType}" is not a content type: give one like text/plain or application/pdf.`,
    });
  } else if (!typeAllowed(type, rules.allowedTypes)) {
    issues.push({
      path: "contentType",
      message: `${type} files are not accepted. Accepted: ${rules.allowedTypes.join(", ")}.`,
    });
  }
  if (file.size === 0)
    issues.push({ path: "bytes", message: "The file is empty: attach a file with content." });
  if (file.size > rules.maxBytes) {
    issues.push({
      path: "bytes",
      message: `The file is ${formatBytes(file.size)}; the limit is ${formatBytes(rules.maxBytes)}. Compress or split it.`,
    });
  }
  return issues;
}

function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    return rule.endsWith("/*") ? type.startsWith(rule.slice(0, -1)) : type === rule;
  });
}

/** "1.5 MiB", "300 KiB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}
