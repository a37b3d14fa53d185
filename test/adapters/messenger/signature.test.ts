import { describe, expect, it } from 'vitest';
import { SignatureError, type Delivery } from '../../../src/index.js';
import { verifyMessengerSignature } from '../../../src/adapters/messenger/index.js';
import vectors from '../../fixtures/messenger/signature_test_vectors.json' with { type: 'json' };
import { APP_SECRET, WEBHOOK, deliveryOf, expectNoSecrets, messengerAgent, metaJson, sign, signedDelivery, textItem } from './support.js';

function post(body: string | Uint8Array, headers: Record<string, string>): Delivery {
  return { method: 'POST', url: WEBHOOK, headers, body };
}

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError');
}

describe('verifyMessengerSignature: the test vectors', () => {
  it.each(vectors.vectors)('accepts X-Hub-Signature-256 over $rawBody', (vector) => {
    expect(() => verifyMessengerSignature(post(vector.rawBody, { 'x-hub-signature-256': vector['x-hub-signature-256'] }), [vectors.appSecret])).not.toThrow();
    // The same bytes as a Uint8Array (what the transports hand over).
    const bytes = new TextEncoder().encode(vector.rawBody);
    expect(() => verifyMessengerSignature(post(bytes, { 'X-Hub-Signature-256': vector['x-hub-signature-256'] }), [vectors.appSecret])).not.toThrow();
  });

  it.each(vectors.vectors)('accepts the legacy X-Hub-Signature over $rawBody only when enabled', (vector) => {
    const delivery = post(vector.rawBody, { 'x-hub-signature': vector['x-hub-signature'] });
    expect(() => verifyMessengerSignature(delivery, [vectors.appSecret], { legacySha1: true })).not.toThrow();
    const error = rejection(() => verifyMessengerSignature(delivery, [vectors.appSecret]));
    expect(error.message).toMatch(/only the legacy X-Hub-Signature \(SHA-1\).*legacySha1Signature: true/);
  });

  it.each(vectors.vectors)('refuses the vectors of $rawBody under another secret', (vector) => {
    const error = rejection(() => verifyMessengerSignature(post(vector.rawBody, { 'x-hub-signature-256': vector['x-hub-signature-256'] }), ['OTHER_SECRET']));
    expect(error.message).toMatch(/^Signature mismatch: X-Hub-Signature-256 is not HMAC-SHA256\(app secret, raw body\)/);
  });

  it('computes the same sha256 values as the vectors with node:crypto (the test helper is sound)', () => {
    for (const vector of vectors.vectors) expect(sign(vector.rawBody, vectors.appSecret)).toBe(vector['x-hub-signature-256']);
  });
});

describe('verifyMessengerSignature: what went wrong', () => {
  const body = metaJson(deliveryOf([textItem('1', 'hi')]));

  it('accepts any secret of a rotation', () => {
    expect(() => verifyMessengerSignature(post(body, { 'x-hub-signature-256': sign(body, 'new-secret') }), ['old-secret', 'new-secret'])).not.toThrow();
  });

  it('says the header is missing, and how to look for it', () => {
    expect(rejection(() => verifyMessengerSignature(post(body, {}), [APP_SECRET])).message).toMatch(/^Missing X-Hub-Signature-256 header/);
  });

  it.each([
    ['a digest without prefix', 'deadbeef'.repeat(8)],
    ['a short digest', 'sha256=abc'],
    ['the sha1 prefix in the sha256 header', `sha1=${'a'.repeat(40)}`],
  ])('says the header is malformed: %s', (_title, value) => {
    expect(rejection(() => verifyMessengerSignature(post(body, { 'x-hub-signature-256': value }), [APP_SECRET])).message).toBe(
      'Malformed X-Hub-Signature-256: expected "sha256=" followed by 64 hex digits.',
    );
  });

  it('uses X-Hub-Signature-256 when both headers are sent, even with SHA-1 enabled', () => {
    const headers = { 'x-hub-signature-256': sign(body, 'wrong'), 'x-hub-signature': sign(body, APP_SECRET, 'sha1') };
    expect(() => verifyMessengerSignature(post(body, headers), [APP_SECRET], { legacySha1: true })).toThrow(SignatureError);
  });

  it('names a body that was parsed and serialized again (Meta escapes non-ASCII and "/")', () => {
    const original = metaJson(deliveryOf([textItem('1', 'Olá ça va? 👋 https://example.com/a')]));
    expect(original).toContain('\\u00e1');
    expect(original).toContain('https:\\/\\/');
    const reserialized = JSON.stringify(JSON.parse(original));
    const error = rejection(() => verifyMessengerSignature(post(reserialized, { 'x-hub-signature-256': sign(original) }), [APP_SECRET]));
    expect(error.message).toMatch(/^Signature mismatch: the body was parsed and serialized again before verification\./);
  });

  it('hints at re-serialization when an unverifiable body holds raw non-ASCII text', () => {
    const text = JSON.stringify(deliveryOf([textItem('1', 'é')]));
    const error = rejection(() => verifyMessengerSignature(post(text, { 'x-hub-signature-256': sign(text, 'wrong') }), [APP_SECRET]));
    expect(error.message).toMatch(/not the Page access token nor the verify token.*non-ASCII characters, which Meta sends escaped/);
    expectNoSecrets(error);
  });
});

describe('signatures through agent.fetch', () => {
  const agent = messengerAgent();
  const body = deliveryOf([textItem('1', 'hi')]);

  it('answers 401 E_SIGNATURE without the header, with a wrong one, and with a signature by another secret', async () => {
    const delivery = signedDelivery(body);
    const cases: Array<Record<string, string>> = [
      { 'content-type': 'application/json' },
      { 'x-hub-signature-256': 'sha256=nothex' },
      { 'x-hub-signature-256': sign(delivery.body as string, 'not-the-app-secret') },
    ];
    for (const headers of cases) {
      const response = await agent.fetch(new Request(WEBHOOK, { method: 'POST', headers, body: delivery.body as string }));
      expect(response.status).toBe(401);
      const answer = (await response.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe('E_SIGNATURE');
      expectNoSecrets(answer);
    }
  });

  it('verifies before parsing: a forged non-Page body is 401, the vectors pass verification and reach the payload check (400)', async () => {
    const forged = await agent.fetch(new Request(WEBHOOK, { method: 'POST', headers: { 'x-hub-signature-256': sign('{}', 'x') }, body: '{}' }));
    expect(forged.status).toBe(401);
    const vectorAgent = messengerAgent({ appSecret: vectors.appSecret });
    const vector = vectors.vectors[1] as (typeof vectors.vectors)[number];
    const response = await vectorAgent.fetch(
      new Request(WEBHOOK, { method: 'POST', headers: { 'x-hub-signature-256': vector['x-hub-signature-256'] }, body: vector.rawBody }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('E_PAYLOAD');
  });

  it('accepts a SHA-1-only delivery only with legacySha1Signature: true', async () => {
    const text = metaJson(body);
    const request = () => new Request(WEBHOOK, { method: 'POST', headers: { 'x-hub-signature': sign(text, APP_SECRET, 'sha1') }, body: text });
    expect((await messengerAgent().fetch(request())).status).toBe(401);
    expect((await messengerAgent({ legacySha1Signature: true }).fetch(request())).status).toBe(200);
  });
});
