export type { HelpdeskErrorCode } from "./errors.ts";
export {
  CoreError,
  HandoffBusyError,
  HelpdeskError,
  isCoreError,
  isHelpdeskError,
  isStoreError,
  StoreError,
} from "./errors.ts";
export type { Logger } from "./logger.ts";
export { silentLogger } from "./logger.ts";
export type {
  AddNoteInput,
  CallOptions,
  CloseTicketInput,
  CreateTicketInput,
  HandoffContext,
  HealthReport,
  Helpdesk,
  MetadataItem,
  MetadataKind,
  Page,
  PageRequest,
  TicketQuery,
  UpdateTicketInput,
} from "./ports/helpdesk.ts";
export { METADATA_KINDS } from "./ports/helpdesk.ts";
export type {
  CachedToken,
  ClaimOutcome,
  DedupEntry,
  DedupStore,
  IdempotencyBegin,
  IdempotencyStore,
  RateLimiter,
  RateLimitResult,
  ReplayGuard,
  StoredResponse,
  Stores,
  TokenCache,
} from "./ports/stores.ts";
export type { Taxonomy } from "./taxonomy.ts";
export {
  canonicalValue,
  createTaxonomy,
  DEFAULT_CATEGORIES,
  DEFAULT_ESCALATION_REASONS,
  DEFAULT_SOURCES,
  DEFAULT_TAXONOMY,
} from "./taxonomy.ts";
export type { Person, Ticket, TicketNote, TicketRef } from "./ticket.ts";
export { isTicketOpen, KNOWN_STATUSES, toTicketRef } from "./ticket.ts";
