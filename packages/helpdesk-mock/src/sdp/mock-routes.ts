import type { Hono } from "hono";
import type { FaultController } from "../fault-controller.ts";
import { validateFaultPatch } from "../fault-controller.ts";
import { jsonResponse } from "./envelope.ts";
import { isObject } from "./input-data.ts";

/**
 * Fault controls for demos, outside the SDP API: `GET /_mock/faults` reads the settings,
 * `PUT /_mock/faults` with a JSON patch changes them (400 on a bad value), `DELETE /_mock/faults`
 * resets to no faults.
 */
export function registerMockRoutes(app: Hono, faults: FaultController): void {
  app.get("/_mock/faults", () => jsonResponse(faults.get()));
  app.put("/_mock/faults", async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (!isObject(body)) return jsonResponse({ error: "send a JSON object of fault settings" }, 400);
    try {
      faults.set(validateFaultPatch(body));
    } catch (error) {
      return jsonResponse({ error: (error as Error).message }, 400);
    }
    return jsonResponse(faults.get());
  });
  app.delete("/_mock/faults", () => {
    faults.reset();
    return jsonResponse(faults.get());
  });
}
