import { describe, expect, it } from 'vitest';
import { chatwoot } from '../../../src/adapters/chatwoot/index.js';
import { capabilitiesOf } from '../../../src/adapters/kit/capabilities.js';
import type { OutgoingMessage, PlatformActions, SentMessage } from '../../../src/core/actions.js';
import { HELPER_NAMES } from '../../../src/index.js';
import * as cw from '../chatwoot/support.js';

class ReplyAndTyping implements PlatformActions {
  async typing(): Promise<void> {}
  async reply(_message: OutgoingMessage): Promise<SentMessage> {
    return { id: '1' };
  }
  /** Not a helper: never a capability. */
  async note(): Promise<void> {}
}

describe('capabilitiesOf', () => {
  it('lists the helpers the actions class implements, in the fixed helper order, and nothing else', () => {
    const capabilities = capabilitiesOf(ReplyAndTyping);
    expect(capabilities).toEqual(['reply', 'typing']);
    expect(Object.isFrozen(capabilities)).toBe(true);
  });

  it('gives an adapter whose class implements every helper all of them', () => {
    expect(chatwoot(cw.adapterOptions()).capabilities).toEqual(HELPER_NAMES);
  });
});
