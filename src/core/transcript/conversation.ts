import type { OutgoingMessage, SentMessage } from '../actions.js';
import type { HandoffInfo, Message } from '../events.js';
import { handoffEntry, receivedEntry, sentEntry } from './entries.js';
import type { TranscriptRecorder } from './recorder.js';
import type { TranscriptEntry, TranscriptQuery } from './types.js';

/**
 * One conversation's transcript while the agent acts on it: appends run one after another, in the order they were
 * made (synchronously on an in-process store), and a read waits for the appends made before it. @internal
 */
export class ConversationTranscript {
  readonly #recorder: TranscriptRecorder;
  readonly #id: () => string;
  readonly #now: () => number;
  #pending: Promise<void> | undefined;

  /** `id` is read at each append (an adapter may set the conversation's id once the platform created it). */
  constructor(recorder: TranscriptRecorder, id: () => string, now: () => number) {
    this.#recorder = recorder;
    this.#id = id;
    this.#now = now;
  }

  /** Records a message an event carried. */
  received(message: Message): Promise<void> | undefined {
    const entry = receivedEntry(message, this.#now(), this.#recorder.maxText);
    return entry === undefined ? this.#pending : this.#add(entry);
  }

  /** Records a message the platform accepted from the bot. */
  sent(message: OutgoingMessage, result: SentMessage | undefined): Promise<void> | undefined {
    const entry = sentEntry(message, result?.id, this.#now(), this.#recorder.maxText);
    return entry === undefined ? this.#pending : this.#add(entry);
  }

  /** Records a change of owner. */
  handedOver(handoff: HandoffInfo): Promise<void> | undefined {
    return this.#add(handoffEntry(handoff, this.#now()));
  }

  /** Settles once every append made so far is stored (or reported as failed). */
  settled(): Promise<void> | undefined {
    return this.#pending;
  }

  /** The transcript, after the appends made so far. */
  async read(query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    if (this.#pending !== undefined) await this.#pending;
    return this.#recorder.read(this.#id(), query);
  }

  #add(entry: TranscriptEntry): Promise<void> | undefined {
    const previous = this.#pending;
    const write = previous === undefined ? this.#recorder.append(this.#id(), entry) : previous.then(() => this.#recorder.append(this.#id(), entry));
    if (write === undefined) return undefined;
    const tracked: Promise<void> = write.then(() => {
      if (this.#pending === tracked) this.#pending = undefined;
    });
    this.#pending = tracked;
    return tracked;
  }
}
