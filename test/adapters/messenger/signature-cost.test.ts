// A signature mismatch is unauthenticated input: its diagnosis must not cost more than the verification itself.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyChatwootSignature } from '../../../src/adapters/chatwoot/index.js';
import { verifyMessengerSignature } from '../../../src/adapters/messenger/index.js';
import { SignatureError, type Delivery } from '../../../src/index.js';
import { APP_SECRET, WEBHOOK, deliveryOf, metaJson, sign, textItem } from './support.js';

function post(body: string | Uint8Array, headers: Record<string, string>): Delivery {
  return { method: 'POST', url: WEBHOOK, headers, body };
}

/** The least time of several runs of `run`, in ms (the least is the one least disturbed by other work). */
function fastest(run: () => void, times = 15): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return (error as Error).message;
  }
  throw new Error('expected a SignatureError');
}

// A 1 MiB delivery of raw non-ASCII text: what a forger sends to make the hint's re-escaping expensive.
const text = 'é漢字/'.repeat((1024 * 1024) / 9);
const raw = Buffer.from(JSON.stringify(deliveryOf([textItem('6789012345678901', text)])), 'utf8');
const FORGED_SIGNATURE = `sha256=${'ab'.repeat(32)}`;

describe('messenger signature: the cost of a mismatch', () => {
  it('refuses a forged 1 MiB non-ASCII body about as fast as it verifies an honest one', () => {
    expect(raw.byteLength).toBeGreaterThan(1024 * 1024);
    const honest = post(raw, { 'x-hub-signature-256': sign(raw) });
    const forged = post(raw, { 'x-hub-signature-256': FORGED_SIGNATURE });
    verifyMessengerSignature(honest, [APP_SECRET]);
    refusal(() => verifyMessengerSignature(forged, [APP_SECRET]));
    const verified = fastest(() => verifyMessengerSignature(honest, [APP_SECRET]));
    const refused = fastest(() => {
      refusal(() => verifyMessengerSignature(forged, [APP_SECRET]));
    });
    // Generous: the refusal may read part of the body for its hint, never re-escape all of it.
    expect(refused, `refused in ${refused.toFixed(2)} ms, verified in ${verified.toFixed(2)} ms`).toBeLessThan(verified * 2 + 1);
  });

  it('still names re-serialization on a small body', () => {
    const sent = metaJson(deliveryOf([textItem('6789012345678901', 'Crème brûlée à 5 €/part')]));
    const parsedAgain = JSON.stringify(JSON.parse(sent));
    expect(parsedAgain).not.toBe(sent);
    const message = refusal(() => verifyMessengerSignature(post(parsedAgain, { 'x-hub-signature-256': sign(sent) }), [APP_SECRET]));
    expect(message).toMatch(/parsed and serialized again/);
  });

  it('keeps the non-ASCII hint on a big forged body, read from its first bytes', () => {
    const message = refusal(() => verifyMessengerSignature(post(raw, { 'x-hub-signature-256': FORGED_SIGNATURE }), [APP_SECRET]));
    expect(message).toMatch(/non-ASCII characters, which Meta sends escaped/);
  });
});

describe('chatwoot signature: the cost of a mismatch', () => {
  it('refuses a forged 1 MiB body with one HMAC, and still names a missing timestamp on a small one', () => {
    const secret = 'cwsig_secret_Q1w2E3r4T5y6';
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const signed = (body: string | Uint8Array, withTimestamp: boolean): string => {
      const hmac = createHmac('sha256', secret);
      if (withTimestamp) hmac.update(`${timestamp}.`);
      return `sha256=${hmac.update(body).digest('hex')}`;
    };
    const headers = (signature: string) => ({ 'x-chatwoot-signature': signature, 'x-chatwoot-timestamp': timestamp });
    const honest = post(raw, headers(signed(raw, true)));
    const forged = post(raw, headers(signed(raw, false)));
    const verified = fastest(() => verifyChatwootSignature(honest, [secret], now, {}));
    const refused = fastest(() => {
      const message = refusal(() => verifyChatwootSignature(forged, [secret], now, {}));
      // A big body gets no second HMAC, so no "timestamp not included" diagnosis.
      expect(message).not.toMatch(/timestamp was not included/);
    });
    expect(refused, `refused in ${refused.toFixed(2)} ms, verified in ${verified.toFixed(2)} ms`).toBeLessThan(verified * 1.6 + 1);
    const small = '{"event":"message_created"}';
    expect(refusal(() => verifyChatwootSignature(post(small, headers(signed(small, false))), [secret], now, {}))).toMatch(/timestamp was not included/);
  });
});
