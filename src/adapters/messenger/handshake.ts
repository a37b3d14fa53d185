import type { Answer, Delivery } from '../../core/delivery.js';
import { answerMetaHandshake } from '../meta/handshake.js';

/**
 * Answers Meta's webhook setup check (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`) for a Messenger
 * webhook: the challenge when the token matches, 403 otherwise; `undefined` for any other method.
 */
export function answerMessengerHandshake(delivery: Delivery, verifyToken: string): Answer | undefined {
  return answerMetaHandshake(delivery, verifyToken, 'Messenger');
}
