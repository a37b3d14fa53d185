import type { OutgoingMessage, SentMessage } from '../actions.js';
import type { HandoffInfo, Message } from '../events.js';
import { handoffEntry, receivedEntry, sentEntry } from './entries.js';
import type { DeferredAppends } from './deferred.js';
import type { TranscriptRecorder } from './recorder.js';
import type { TranscriptEntry, TranscriptQuery } from './types.js';

/**
 * One conversation's transcript while the agent acts on it: appends run one after another, in the order they were
 * made (synchronously on an in-process store), and a read waits for the appends made before it. Within an event
 * whose end is one store call, the appends are gathered for that call (`deferred`), and a read shows them. @internal
 */
export class ConversationTranscript {
  readonly #recorder: TranscriptRecorder;
  readonly #ref: { readonly id: string };
  readonly #now: () => number;
  readonly #deferred: DeferredAppends | undefined;
  #pending: Promise<void> | undefined;

  /** `ref.id` is read at each append (an adapter may set the conversation's id once the platform created it). */
  constructor(recorder: TranscriptRecorder, ref: { readonly id: string }, now: () => number, deferred?: DeferredAppends) {
    this.#recorder = recorder;
    this.#ref = ref;
    this.#now = now;
    this.#deferred = deferred;
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
    const deferred = this.#gathering();
    if (deferred === undefined && this.#deferred?.finished !== undefined) await this.#deferred.finished;
    if (this.#pending !== undefined) await this.#pending;
    return this.#recorder.read(this.#ref.id, query, deferred?.appends);
  }

  /** The gathering of the event's end, while it is open and this is its conversation. */
  #gathering(): DeferredAppends | undefined {
    const deferred = this.#deferred;
    return deferred?.open && deferred.conversationId === this.#ref.id ? deferred : undefined;
  }

  #add(entry: TranscriptEntry): Promise<void> | undefined {
    const deferred = this.#gathering();
    if (deferred !== undefined) {
      deferred.add(this.#recorder.prepare(this.#ref.id, entry));
      return this.#pending;
    }
    // After the event's end began, an append follows it (the end writes the entries gathered before).
    const previous = this.#pending ?? this.#deferred?.finished;
    const write = previous === undefined ? this.#recorder.append(this.#ref.id, entry) : previous.then(() => this.#recorder.append(this.#ref.id, entry));
    if (write === undefined) return undefined;
    const tracked: Promise<void> = write.then(() => {
      if (this.#pending === tracked) this.#pending = undefined;
    });
    this.#pending = tracked;
    return tracked;
  }
}
