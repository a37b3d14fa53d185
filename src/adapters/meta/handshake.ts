import { createHash, timingSafeEqual } from 'node:crypto';
import { type Answer, type Delivery, jsonAnswer, queryOf, textAnswer } from '../../core/delivery.js';

/**
 * Answers Meta's webhook setup check, `GET ?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<n>`:
 * the challenge as plain text when the token matches, 403 otherwise. Every GET is answered here (the webhook
 * takes deliveries by POST); any other method gets `undefined` and goes on to verification. `platform` names the
 * webhook in the answer to a stray GET (e.g. `Messenger`).
 */
export function answerMetaHandshake(delivery: Delivery, verifyToken: string, platform: string): Answer | undefined {
  if (delivery.method.toUpperCase() !== 'GET') return undefined;
  const query = queryOf(delivery.url);
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  if (mode === null && token === null) {
    return forbidden(
      `This is a ${platform} webhook: GET answers only the setup check (hub.mode=subscribe, hub.verify_token, hub.challenge); deliveries come by POST.`,
    );
  }
  if (mode !== 'subscribe') return forbidden(`hub.mode must be "subscribe", got ${JSON.stringify((mode ?? '').slice(0, 40))}.`);
  // The token is a shared secret: compared in constant time, never echoed.
  if (token === null || !sameText(token, verifyToken)) {
    return forbidden('hub.verify_token does not match the verifyToken option: type the same verify token in the webhook settings of the app dashboard.');
  }
  const challenge = query.get('hub.challenge');
  if (challenge === null || challenge === '') {
    return jsonAnswer(400, { error: { code: 'E_PAYLOAD', message: 'The setup check has no hub.challenge to echo.' } });
  }
  return textAnswer(200, challenge);
}

function forbidden(message: string): Answer {
  return jsonAnswer(403, { error: { code: 'E_SIGNATURE', message } });
}

function sameText(a: string, b: string): boolean {
  // Equal-length digests: the comparison time says nothing about the token.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
