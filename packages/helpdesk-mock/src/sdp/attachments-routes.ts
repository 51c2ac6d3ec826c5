import type { Context, Hono } from "hono";
import type { WorkDesk } from "../work-desk.ts";
import type { AttachmentRecord } from "../work-records.ts";
import { failed, list, single } from "./envelope.ts";
import { readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { extraKey } from "./request-keys.ts";
import { attachmentWire } from "./work-wire.ts";

/**
 * The two upload forms the reference documents (§4.6; the cloud route is unresolved, [C]):
 * `PUT /requests/{id}/upload` with the file in part `input_file` (on-prem, confirmed live [S]) and
 * `POST /requests/{id}/_uploads` with the file in part `filename` plus `addtoattachment=true`
 * (PTTG [S, unverified]). Both are served; the answer keys (`attachments`, `files`) are the mock's
 * choice, as no source records them.
 */
const UPLOAD_FORMS = {
  upload: { fileField: "input_file", answerKey: "attachments", other: ["input_data"] },
  _uploads: { fileField: "filename", answerKey: "files", other: ["addtoattachment", "input_data"] },
} as const;

type Form = (typeof UPLOAD_FORMS)[keyof typeof UPLOAD_FORMS];

/** The files of a multipart upload, every part checked as SDP checks keys. */
async function filesOf(c: Context, form: Form): Promise<File[]> {
  if (!/multipart\/form-data/i.test(c.req.header("content-type") ?? "")) {
    throw failed(4001, `Upload the file as multipart/form-data in part "${form.fileField}"`, {
      field: form.fileField,
    });
  }
  const body = await c.req.parseBody({ all: true });
  for (const key of Object.keys(body)) {
    if (key !== form.fileField && !(form.other as readonly string[]).includes(key)) throw extraKey(key);
  }
  if (form.fileField === "filename" && String(body.addtoattachment) !== "true") {
    throw failed(4012, "Value for mandatory-field is not provided", { fields: ["addtoattachment"] });
  }
  const parts = ([] as unknown[]).concat(body[form.fileField] ?? []);
  const files = parts.filter((p): p is File => p instanceof File);
  if (files.length === 0 || files.length !== parts.length) {
    throw failed(4012, "Value for mandatory-field is not provided", { fields: [form.fileField] });
  }
  return files;
}

/**
 * Request attachments: `GET /requests/{id}/attachments` (list key `attachments`),
 * `GET /requests/{id}/attachments/{attachment_id}/_download` (the bytes, with `Content-Type` and
 * `Content-Disposition`), and both upload forms. Size and content type are checked by the work desk
 * (its `attachmentRules`), answered as 4001 naming what is wrong.
 */
export function registerAttachmentRoutes(api: Hono, work: WorkDesk): void {
  api.get("/requests/:id/attachments", async (c) => {
    const all = work.attachments(c.req.param("id")).map(attachmentWire);
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "created_time", order: "asc" },
    });
    return list("attachments", rows, listInfo);
  });
  api.get("/requests/:id/attachments/:attachmentId/_download", (c) => {
    const a = work.attachment(c.req.param("id"), c.req.param("attachmentId"));
    return new Response(Buffer.from(a.data, "base64"), {
      headers: {
        "content-type": a.contentType,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`,
      },
    });
  });
  for (const [route, form] of Object.entries(UPLOAD_FORMS)) {
    const handler = async (c: Context) => {
      const ticketId = c.req.param("id") ?? "";
      const files = await filesOf(c, form);
      const added: AttachmentRecord[] = [];
      for (const file of files) {
        added.push(
          work.addAttachment(ticketId, {
            name: file.name,
            contentType: file.type || "application/octet-stream",
            bytes: new Uint8Array(await file.arrayBuffer()),
          }),
        );
      }
      return single({ [form.answerKey]: added.map(attachmentWire) });
    };
    if (route === "upload") api.put(`/requests/:id/${route}`, handler);
    else api.post(`/requests/:id/${route}`, handler);
  }
}
