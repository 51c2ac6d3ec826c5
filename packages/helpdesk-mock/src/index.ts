export type { FaultController, FaultSettings } from "./fault-controller.ts";
export type { MockHelpdesk, MockHelpdeskOptions } from "./mock-helpdesk.ts";
export { createMockHelpdesk } from "./mock-helpdesk.ts";
