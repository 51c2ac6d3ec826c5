export type { AssetQuery, AssetsApi } from "./assets.ts";
export type { AttachmentsApi, DownloadedFile, UploadFile } from "./attachments.ts";
export type { ChangeListOptions, ChangesApi } from "./changes.ts";
export type { SdpClient } from "./client.ts";
export { createSdpClient } from "./client.ts";
export type { SdpClientConfig } from "./config.ts";
export { resolveSdpConfigFromEnv } from "./config.ts";
export type { DataCenter, DataCenterHosts } from "./data-centers.ts";
export { DATA_CENTERS, dataCenterHosts } from "./data-centers.ts";
export type { SdpAnswer } from "./envelope.ts";
export { toHelpdeskError } from "./error-mapping.ts";
export type { SdpErrorCode, SdpErrorOptions } from "./errors.ts";
export {
  isAmbiguousSdpError,
  isSdpError,
  SdpAuthError,
  SdpConfigError,
  SdpError,
  SdpForbiddenError,
  SdpMisconfiguredError,
  SdpNetworkError,
  SdpNotFoundError,
  SdpRateLimitError,
  SdpResponseError,
  SdpServerError,
  SdpTimeoutError,
  SdpTokenThrottledError,
  SdpValidationError,
} from "./errors.ts";
export type { ExchangeGrantCodeOptions, GrantExchangeResult } from "./grant-code.ts";
export { exchangeGrantCode } from "./grant-code.ts";
export type { SdpHelpdeskOptions } from "./helpdesk-adapter.ts";
export { createSdpHelpdesk } from "./helpdesk-adapter.ts";
export { resolveSdpHelpdeskOptionsFromEnv } from "./helpdesk-env.ts";
export type { WireAsset, WireChange, WireProblem, WireProject, WireSolution } from "./itsm-wire-schemas.ts";
export type { ListOptions, ListPage } from "./listing.ts";
export { MAX_ROW_COUNT } from "./listing.ts";
export type { MetadataApi, SdpMetadataKind } from "./metadata.ts";
export { SDP_METADATA_KINDS } from "./metadata.ts";
export type { ModuleNotesApi } from "./module-notes.ts";
export type { AddNoteInput, NotesApi } from "./notes.ts";
export type { SdpObserver } from "./observer.ts";
export { createSdpOutageProblems } from "./outage-problems-adapter.ts";
export type {
  CloseProblemWithRequestsInput,
  LinkedRequestRef,
  LinkedRequestsAction,
  ProblemClosure,
} from "./problem-closure.ts";
export { problemClosureMarker } from "./problem-closure.ts";
export type { CloseProblemInput, ProblemsApi, SdpProblemInput } from "./problems.ts";
export type { ProjectsApi } from "./projects.ts";
export type { RequestMapping } from "./request-mapping.ts";
export { DEFAULT_REQUEST_MAPPING } from "./request-mapping.ts";
export type { SdpRequestWorkOptions } from "./request-work-adapter.ts";
export { createSdpRequestWork } from "./request-work-adapter.ts";
export type { WireAttachment, WireTask, WireWorklog } from "./request-work-schemas.ts";
export type { RequestersApi } from "./requesters.ts";
export type {
  CallOptions,
  CloseRequestInput,
  LookupRef,
  RequestsApi,
  SdpRequestInput,
  UserRef,
} from "./requests.ts";
export type { SearchCondition, SearchCriterion, SearchValue, SearchWireValue } from "./search-criteria.ts";
export { allOf, anyOf, matchAll, matchAny, SEARCH_CONDITIONS, where } from "./search-criteria.ts";
export type { SolutionsApi } from "./solutions.ts";
export type { SdpTaskInput, TasksApi } from "./tasks.ts";
export { createMemoryTokenCache } from "./token-cache.ts";
export type { SdpCall } from "./transport.ts";
export { SDP_ACCEPT } from "./transport.ts";
export type { WireMetadataRow, WireNote, WireRequest, WireUser } from "./wire-schemas.ts";
export type { AddWorklogWire, WorklogsApi } from "./worklogs.ts";
