export type { FaultController, FaultSettings } from "./fault-controller.ts";
export { createFaultController, NO_FAULTS } from "./fault-controller.ts";
export type { MockHelpdesk, MockHelpdeskOptions } from "./mock-helpdesk.ts";
export { createMockHelpdesk } from "./mock-helpdesk.ts";
export type { SdpMockOptions } from "./sdp/app.ts";
export { createSdpMockApp } from "./sdp/app.ts";
export type { MockOAuth } from "./sdp/oauth.ts";
export type { RunningSdpMock, SdpMockServerOptions } from "./server.ts";
export { startSdpMockServer } from "./server.ts";
