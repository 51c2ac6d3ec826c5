export type { AttachmentRules } from "./attachment-rules.ts";
export {
  bareContentType,
  checkAttachment,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DEFAULT_ATTACHMENT_RULES,
  DEFAULT_ATTACHMENT_TYPES,
  formatBytes,
} from "./attachment-rules.ts";
export { formatConfidence, parseConfidence } from "./confidence.ts";
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
export { dedupKeys } from "./handoff/dedup-keys.ts";
export { newHandoffReference, parseHandoffReference } from "./handoff/handoff-reference.ts";
export type { HandoffOutcome, HandoffResult } from "./handoff/handoff-result.ts";
export type { HandoffService, HandoffServiceOptions, SubmitOptions } from "./handoff/handoff-service.ts";
export {
  createHandoffService,
  DEFAULT_DEDUP_WINDOW_MS,
  DELIVERED_REFERENCE_TTL_MS,
} from "./handoff/handoff-service.ts";
export type { OutboxDeliverer, OutboxDelivererOptions } from "./handoff/outbox-deliverer.ts";
export { createOutboxDeliverer } from "./handoff/outbox-deliverer.ts";
export { queuedSpokenSummary, spokenSummary } from "./handoff/spoken-summary.ts";
export {
  dedupHitNote,
  handoffSubject,
  handoffTicketInput,
  toHandoffContext,
} from "./handoff/ticket-content.ts";
export type { Logger } from "./logger.ts";
export { silentLogger } from "./logger.ts";
export { inferCategory, inferEscalationReason } from "./note/infer-note.ts";
export type { NoteKind } from "./note/limits.ts";
export { NOTE_LIMITS } from "./note/limits.ts";
export type { ParsedNote, ParseNoteOptions } from "./note/parse-note.ts";
export { parseNote } from "./note/parse-note.ts";
export type { FourLineNote } from "./note/render-note.ts";
export { renderNote } from "./note/render-note.ts";
export { isPhoneRegion, maskPhone, normalizePhone } from "./phone.ts";
export type { AuditEntry, AuditLog, AuditOutcome, AuditQuery } from "./ports/audit-log.ts";
export { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, auditLimit, auditMatches } from "./ports/audit-log.ts";
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
export type { OutageProblem, OutageProblems } from "./ports/outage-problems.ts";
export type {
  MarkDeliveredRequest,
  Outbox,
  OutboxEntry,
  OutboxRecord,
  OutboxStats,
  TakeRequest,
} from "./ports/outbox.ts";
export { checkedTakeLimit } from "./ports/outbox.ts";
export type {
  AddTaskInput,
  AddWorklogInput,
  AssignInput,
  Attachment,
  AttachmentContent,
  AttachmentUpload,
  RequestTask,
  RequestWork,
  UpdateTaskInput,
  Worklog,
} from "./ports/request-work.ts";
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
  SeenMark,
  StoredResponse,
  Stores,
  TokenCache,
} from "./ports/stores.ts";
export { ABANDONED_INTENT_RETENTION_MS } from "./ports/stores.ts";
export { parseWorkTime } from "./request-work-time.ts";
export type { Issue, Result } from "./result.ts";
export { formatIssues } from "./result.ts";
export { HANDOFF_OUTCOMES, handoffResultSchema } from "./schemas/handoff-result-schema.ts";
export type { HandoffInput } from "./schemas/handoff-schema.ts";
export { handoffInputSchema, handoffInputSchemaFor } from "./schemas/handoff-schema.ts";
export type { AgentValues, AsSent } from "./schemas/normalize-agent-values.ts";
export {
  canonicalOutageKey,
  DEFAULT_CONFIDENCE,
  normalizeAgentValues,
} from "./schemas/normalize-agent-values.ts";
export type { Handoff, PrepareOptions } from "./schemas/prepare-handoff.ts";
export { prepareHandoff } from "./schemas/prepare-handoff.ts";
export {
  addNoteSchema,
  closeTicketSchema,
  createTicketSchema,
  updateTicketSchema,
} from "./schemas/ticket-schemas.ts";
export { fromZodIssues } from "./schemas/zod-issues.ts";
export { encryptTokenCache } from "./secrets/encrypted-token-cache.ts";
export type { TokenCipher, TokenKeys } from "./secrets/token-cipher.ts";
export { createTokenCipher, generateTokenKey, parseTokenKey } from "./secrets/token-cipher.ts";
export { DEFAULT_MAX_ENTRIES, type MemoryMapOptions } from "./stores/expiring-map.ts";
export { MemoryTokenCache } from "./stores/memory-small-stores.ts";
export { createMemoryStores } from "./stores/memory-stores.ts";
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
