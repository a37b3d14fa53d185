export { VirtualAgent, ConversationHandle } from './core/agent.js';
export type { VirtualAgentOptions, HandlerErrorPolicy, ErrorHandler, ReceiveOptions } from './core/agent.js';
export {
  HandoffkitError,
  SignatureError,
  PayloadError,
  ConfigError,
  UnsupportedError,
  NotOwnerError,
  PlatformApiError,
  isHandoffkitError,
  HTTP_STATUS_BY_CODE,
} from './errors.js';
export type { ErrorCode, HandoffkitErrorOptions, PlatformApiErrorInit } from './errors.js';
export { EVENT_NAMES } from './core/events.js';
export type {
  EventName,
  MessageEventName,
  LifecycleEventName,
  Owner,
  SenderRole,
  Attachment,
  SubmittedValue,
  QuickReplyAnswer,
  Sender,
  Message,
  Contact,
  OwnershipSignal,
  ConversationFacts,
  HandoffInfo,
  NormalizedEvent,
} from './core/events.js';
export type {
  Context,
  BaseContext,
  EventFields,
  MessageContext,
  AnyContext,
  PlatformEventContext,
  ContactEventContext,
  ConversationInfo,
  ContextEvent,
  RawOf,
} from './core/context.js';
export { ConversationHelpers } from './core/helpers.js';
export { normalizeLocale, pickLocalized } from './core/locale.js';
export type { LocalizedReply } from './core/locale.js';
export type { Handler, AnyHandler, HandlerOptions } from './core/registry.js';
export { HELPER_NAMES } from './core/actions.js';
export type {
  HelperName,
  QuickReply,
  Card,
  CardAction,
  FormField,
  Article,
  OutgoingAttachment,
  OutgoingMessage,
  SentMessage,
  EscalationResult,
  EscalationTarget,
  EscalateOptions,
  ForceOption,
  ConversationRef,
  PlatformActions,
  OwnershipStatuses,
  RecordedOwnership,
} from './core/actions.js';
export type { Delivery, Answer, HeadersInput } from './core/delivery.js';
export type { Logger } from './core/logger.js';
export type { LevelledLogger, LoggerOption } from './core/observability/log.js';
export { MAX_REASONS } from './core/observability/escalations.js';
export type { RedeliveryStatuses } from './core/failures.js';
export { silentLogger, rateLimitedLogger } from './core/logger.js';
export type { RateLimitOptions } from './core/logger.js';
export type {
  Adapter,
  AnswerOutbox,
  ContactTagOwnership,
  HandoffRequestPolicy,
  HandoverProtocolOwnership,
  OwnershipMechanism,
  ParsedDelivery,
  StatusFieldOwnership,
  VerifyContext,
} from './core/adapter.js';
export { MemoryStore } from './store/memory.js';
export type { MemoryStoreOptions } from './store/memory.js';
export type { Store, CappedListBounds } from './store/types.js';
export { TRANSCRIPT_DEFAULTS } from './core/transcript/recorder.js';
export type {
  TranscriptAttachment,
  TranscriptEntry,
  TranscriptHandoff,
  TranscriptMessage,
  TranscriptOptions,
  TranscriptQuery,
} from './core/transcript/types.js';
export { verifyHmac } from './crypto/hmac.js';
export type { VerifyHmacOptions, BytesLike } from './crypto/hmac.js';
export type { TimestampTolerance } from './crypto/timestamp.js';
export { hasTag, MAX_BOT_CACHE_MS } from './core/tag-ownership.js';
export { ResponseOutbox } from './core/outbox.js';
export { CallError } from './core/calls.js';
export type { CallErrorCode, CallProvider, CallRequest, CallResult, CallTarget } from './core/calls.js';
export type { Session } from './core/session.js';
export type { TagOwnership } from './core/tag-ownership.js';
export { AgentEvents } from './core/observability/bus.js';
export type * from './core/observability/types.js';
