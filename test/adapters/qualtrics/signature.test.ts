import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyQualtricsSignature } from '../../../src/adapters/qualtrics/index.js';
import { HandoffkitError, type VirtualAgent } from '../../../src/index.js';
import { CLIENT_SECRET, WEBHOOK_URL, deliver, expectRejection, fakeEngagor, makeAgent, mention, sign } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state, handlers } = fakeEngagor();
serveStandIn(handlers, state);

/** An agent whose handler records the texts it saw. */
function recordingAgent(options: Parameters<typeof makeAgent>[0] = {}): { agent: VirtualAgent; seen: string[] } {
  const agent = makeAgent(options);
  const seen: string[] = [];
  agent.on('message_created', (ctx) => void seen.push(ctx.message.text ?? ''));
  return { agent, seen };
}

describe('qualtrics: x-signature (base64 HMAC-SHA256 of the raw body with the client secret)', () => {
  it('accepts the documented scheme, computed here from the raw bytes', async () => {
    const { agent, seen } = recordingAgent();
    const raw = JSON.stringify(mention({ text: 'signed hello' }));
    const signature = createHmac('sha256', CLIENT_SECRET).update(Buffer.from(raw, 'utf8')).digest('base64');
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const response = await deliver(agent, undefined, { raw, signature });
    expect(response.status, await response.text()).toBe(200);
    expect(seen).toEqual(['signed hello']);
  });

  it('matches the published HMAC-SHA256 vector (RFC 4231, test case 2) once written in base64', () => {
    // Key "Jefe", data "what do ya want for nothing?": 5bdcc146…3843 in hex.
    const base64 = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex').toString('base64');
    const delivery = { method: 'POST', url: WEBHOOK_URL, headers: { 'x-signature': base64 }, body: 'what do ya want for nothing?' };
    expect(() => verifyQualtricsSignature(delivery, ['Jefe'])).not.toThrow();
    expect(() => verifyQualtricsSignature(delivery, ['jefe'])).toThrow(/Signature mismatch/);
  });

  it('verifies the exact bytes: multibyte text and unusual spacing pass when signed as sent', async () => {
    const { agent, seen } = recordingAgent();
    const raw = `{ "id": "881", "topic": {"id": 46283},\n  "author": {"id": 3313939576, "name": "Zoë"},\n  "message": {"content": "Ça va? 👋"}, "source": {"service": "twitter"} }`;
    const response = await deliver(agent, undefined, { raw, signature: sign(raw) });
    expect(response.status, await response.text()).toBe(200);
    expect(seen).toEqual(['Ça va? 👋']);
  });

  it.each([
    ['a changed character in the text', (raw: string) => raw.replace('tamper me', 'tamper m3')],
    ['a changed author id', (raw: string) => raw.replace('3313939576', '3313939577')],
    ['re-serialized JSON (pretty-printed)', (raw: string) => JSON.stringify(JSON.parse(raw), null, 2)],
    ['a trailing newline', (raw: string) => `${raw}\n`],
  ])('rejects a tampered body with 401 (%s)', async (_name, tamper) => {
    const { agent, seen } = recordingAgent();
    const raw = JSON.stringify(mention({ text: 'tamper me' }));
    const response = await deliver(agent, undefined, { raw: tamper(raw), signature: sign(raw) });
    await expectRejection(response, 401, 'E_SIGNATURE', /Signature mismatch.*raw body/);
    expect(seen).toEqual([]);
    expect(state.calls).toEqual([]);
  });

  it('rejects a body signed with another secret, and says which secret it expects', async () => {
    const { agent } = recordingAgent();
    const raw = JSON.stringify(mention());
    const message = await expectRejection(await deliver(agent, undefined, { raw, signature: sign(raw, 'some-other-secret') }), 401, 'E_SIGNATURE');
    expect(message).toMatch(/client secret of the API application/);
  });

  it('rejects a missing x-signature with 401 and points at the explicit opt-out', async () => {
    const { agent } = recordingAgent();
    await expectRejection(await deliver(agent, mention(), { secret: null }), 401, 'E_SIGNATURE', /Missing x-signature.*clientSecret: false/);
  });

  it.each([
    ['hex instead of base64', (raw: string) => createHmac('sha256', CLIENT_SECRET).update(raw).digest('hex'), /64 hex digits.*base64/],
    ['a truncated digest', (raw: string) => sign(raw).slice(0, 30), /Malformed x-signature/],
    ['a "sha256=" prefix', (raw: string) => `sha256=${sign(raw)}`, /Malformed x-signature/],
  ])('rejects a malformed x-signature with 401 (%s)', async (_name, signature, message) => {
    const { agent } = recordingAgent();
    const raw = JSON.stringify(mention());
    await expectRejection(await deliver(agent, undefined, { raw, signature: signature(raw) }), 401, 'E_SIGNATURE', message);
  });

  it('accepts any secret of a rotation', async () => {
    const { agent, seen } = recordingAgent({ clientSecret: ['new-secret-2026', CLIENT_SECRET] });
    const first = mention({ text: 'old secret' });
    const second = mention({ text: 'new secret' });
    expect((await deliver(agent, first)).status).toBe(200);
    expect((await deliver(agent, second, { secret: 'new-secret-2026' })).status).toBe(200);
    expect(seen).toEqual(['old secret', 'new secret']);
  });

  it('verifies before parsing: a tampered, invalid body is a 401, not a 400', async () => {
    const { agent } = recordingAgent();
    await expectRejection(await deliver(agent, undefined, { raw: '{"id": 1}', signature: sign('{"id": 2}') }), 401, 'E_SIGNATURE');
  });

  it('accepts unsigned recipes only with clientSecret: false', async () => {
    const { agent, seen } = recordingAgent({ clientSecret: false });
    const response = await deliver(agent, mention({ text: 'unsigned' }), { secret: null });
    expect(response.status, await response.text()).toBe(200);
    expect(seen).toEqual(['unsigned']);
  });

  it('throws SignatureError (E_SIGNATURE) from the exported verifier, reading the header in any case', () => {
    const body = JSON.stringify(mention());
    expect(() => verifyQualtricsSignature({ method: 'POST', url: WEBHOOK_URL, headers: { 'X-Signature': sign(body) }, body }, [CLIENT_SECRET])).not.toThrow();
    const headers = new Headers({ 'x-signature': sign(`${body} `) });
    let caught: unknown;
    try {
      verifyQualtricsSignature({ method: 'POST', url: WEBHOOK_URL, headers, body: new TextEncoder().encode(body) }, [CLIENT_SECRET]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HandoffkitError);
    expect((caught as HandoffkitError).code).toBe('E_SIGNATURE');
  });

  it('answers a GET with 405 before any signature check', async () => {
    const { agent } = recordingAgent();
    const response = await agent.fetch(new Request(WEBHOOK_URL, { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
