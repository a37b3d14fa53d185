import { ConfigError, errorMessage } from '../../errors.js';
import type { Store } from '../../store/types.js';
import type { Logger } from '../logger.js';
import type { AgentEvents } from '../observability/bus.js';
import * as observe from '../observability/emit.js';
import { describeValue } from '../option-checks.js';
import { TranscriptRecorder } from './recorder.js';
import type { TranscriptOptions } from './types.js';

/** What the agent gives its transcript. */
export interface TranscriptSetup {
  /** The agent's store. */
  store: Store;
  /** The prefix of the agent's keys. */
  prefix: string;
  /** The default TTL (the session's). */
  ttlMs: number;
  /** Where a failed append is reported. */
  events: AgentEvents;
  /** Where a failed append is logged. */
  logger: Logger;
}

/** The `transcript` entry of the agent's state deps for the `transcript` option (none unless it is `true` or bounds). */
export function transcriptOption(option: TranscriptOptions | boolean | undefined, setup: TranscriptSetup): { transcript?: TranscriptRecorder } {
  if (option === undefined || option === false) return {};
  if (option !== true && (typeof option !== 'object' || option === null)) {
    throw new ConfigError('transcript', `new VirtualAgent({ transcript }) must be true, false or an object of bounds, got ${describeValue(option)}.`);
  }
  const failed = (error: unknown): void => {
    observe.storeFailed(setup.events, 'transcript', error);
    setup.logger.warn(`could not add to a conversation's transcript: ${errorMessage(error)}`);
  };
  return { transcript: new TranscriptRecorder(setup.store, setup.prefix, option === true ? {} : option, setup.ttlMs, failed) };
}
