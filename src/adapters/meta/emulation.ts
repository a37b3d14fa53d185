// What the Messenger and WhatsApp emulators share: deliveries serialized and signed the way Meta sends them.
import { createHmac } from 'node:crypto';
import type { Delivery } from '../../core/delivery.js';
import { jsonDelivery } from '../kit/emulator.js';
import { escapeLikeMeta } from './signature.js';

/** A delivery of `body` serialized like Meta (compact, `/` and non-ASCII escaped) and signed `X-Hub-Signature-256`. */
export function signMetaDelivery(body: unknown, secret: string, url: string): Delivery {
  const text = typeof body === 'string' ? body : escapeLikeMeta(JSON.stringify(body));
  const signature = createHmac('sha256', secret).update(text).digest('hex');
  return jsonDelivery(url, text, { 'x-hub-signature-256': `sha256=${signature}` });
}
