import { type AttachmentRules, checkAttachment, formatIssues } from "@ispn/core";
import { readEntity, segment, withRouteFallback } from "./entity.ts";
import { SdpResponseError, SdpValidationError } from "./errors.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import { type WireAttachment, wireAttachment } from "./request-work-schemas.ts";
import type { CallOptions } from "./requests.ts";
import type { Transport } from "./transport.ts";

/** A file to upload. */
export interface UploadFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A downloaded file. */
export interface DownloadedFile {
  bytes: Uint8Array;
  /** From the answer's `Content-Type`. */
  contentType: string;
  /** From `Content-Disposition`, when SDP sent one. */
  fileName?: string;
}

/** Request attachments (reference §4.1, §4.6; every source is [S]). */
export interface AttachmentsApi {
  /** `GET /requests/{id}/attachments` (list key `attachments`). */
  list(requestId: string, options?: ListOptions): Promise<ListPage<WireAttachment>>;
  /** `GET /requests/{id}/attachments/{attachment_id}/_download`: the bytes as sent. */
  download(requestId: string, attachmentId: string, options?: CallOptions): Promise<DownloadedFile>;
  /**
   * Uploads a file to the request, after checking it with `checkAttachment` (an `SdpValidationError`
   * "invalid_value" naming every problem; nothing is sent). [C] The cloud route is unresolved
   * (reference §4.6, open question 9), so both documented forms are used: `PUT /requests/{id}/upload`
   * with the file in part `input_file` (on-prem, confirmed live), and, when that route does not
   * exist (404 / 4007 / HTML page, i.e. nothing was done), `POST /requests/{id}/_uploads` with the
   * file in part `filename` plus `addtoattachment=true`. The form that worked is remembered.
   */
  upload(
    requestId: string,
    file: UploadFile,
    options?: CallOptions & { rules?: AttachmentRules },
  ): Promise<WireAttachment>;
}

/** Which upload form a route name stands for. */
const UPLOAD_FORMS = {
  upload: { method: "PUT", field: "input_file", extra: {} },
  _uploads: { method: "POST", field: "filename", extra: { addtoattachment: "true" } },
} as const;

/** Attachments over a transport. Uploads are writes: sent once, never retried blindly. */
export function createAttachmentsApi(transport: Transport): AttachmentsApi {
  const uploadRoute: { preferred?: string } = {};
  const base = (requestId: string) => `/requests/${segment(requestId)}/attachments`;
  const api: AttachmentsApi = {
    list(requestId, options) {
      return fetchPage(transport, base(requestId), ["attachments"], wireAttachment, options);
    },
    async download(requestId, attachmentId, options) {
      const path = `${base(requestId)}/${segment(attachmentId)}/_download`;
      const answer = await transport.send({
        method: "GET",
        path,
        download: true,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      if (!answer.file) {
        throw new SdpResponseError("SDP answered a download with JSON instead of the file.", {
          detail: `GET ${path}`,
        });
      }
      return answer.file;
    },
    async upload(requestId, file, options) {
      const issues = checkAttachment(
        { name: file.name, contentType: file.contentType, size: file.bytes.byteLength },
        options?.rules,
      );
      if (issues.length > 0) {
        throw new SdpValidationError(
          "invalid_value",
          `The file cannot be attached: ${formatIssues(issues)}`,
          {
            fields: issues.map((i) => i.path),
          },
        );
      }
      const id = segment(requestId);
      const answer = await withRouteFallback(uploadRoute, ["upload", "_uploads"], (route) => {
        const form = UPLOAD_FORMS[route as keyof typeof UPLOAD_FORMS];
        const body = new FormData();
        body.append(
          form.field,
          new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.contentType }),
          file.name,
        );
        for (const [key, value] of Object.entries(form.extra)) body.append(key, value);
        return transport.send({
          method: form.method,
          path: `/requests/${id}/${route}`,
          multipart: body,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
      });
      const label = `upload to /requests/${id}`;
      for (const key of ["attachment", "attachments", "files", "file"]) {
        // The answer key is not documented for cloud: any of these is read (an array: its last entry).
        const value = answer.body[key];
        const entity = Array.isArray(value) ? value[value.length - 1] : value;
        if (entity && typeof entity === "object") {
          const read = readEntity({ entity }, ["entity"], wireAttachment, label);
          return read.name || read.file_name ? read : { ...read, name: file.name };
        }
      }
      // No attachment in the answer: the newest listed file of that name is the one just uploaded.
      const listed = await api.list(requestId, {
        rowCount: 100,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      const same = listed.items.filter((a) => (a.name ?? a.file_name) === file.name);
      const found = same[same.length - 1];
      if (!found) {
        throw new SdpResponseError("SDP accepted the upload but did not report the attachment.", {
          detail: label,
        });
      }
      return found;
    },
  };
  return api;
}
