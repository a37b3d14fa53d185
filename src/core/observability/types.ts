// The public types of the agent's observability, in one place for `export type *`.
export type {
  AcceptObservation,
  AgentEventMap,
  AgentEventName,
  ApiCallObservation,
  DeliveryObservation,
  DuplicateObservation,
  ErrorObservation,
  EscalationObservation,
  EscalationOutcome,
  EscalationTrigger,
  EventObservation,
  HandoffObservation,
  StoreErrorObservation,
  TimeoutObservation,
} from './bus.js';
export type { EscalationReport } from './escalations.js';
