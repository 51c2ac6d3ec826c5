export type { HelpdeskFixture } from "./helpdesk-contract.ts";
export { runHelpdeskContract } from "./helpdesk-contract.ts";
