export type { HandoffTransportFixture } from "./agent-value-cases.ts";
export { runAgentValueCases } from "./agent-value-cases.ts";
export type { HelpdeskFixture } from "./helpdesk-contract.ts";
export { runHelpdeskContract } from "./helpdesk-contract.ts";
export { runNoteDigestContract } from "./note-digest-contract.ts";
export type { RequestWorkFixture } from "./request-work-contract.ts";
export { runRequestWorkContract } from "./request-work-contract.ts";
export type { StoreFixture } from "./store-contract.ts";
export { runStoreContract } from "./store-contract.ts";
