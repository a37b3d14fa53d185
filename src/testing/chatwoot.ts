import { createHmac } from 'node:crypto';
import type { Delivery } from '../core/delivery.js';

/** Options of {@link signedChatwootDelivery}. */
export interface SignedChatwootDeliveryOptions {
  /** The agent bot's secret. */
  secret: string;
  /** The body: an object is serialized once, a string is sent as is. */
  body: unknown;
  /** Unix seconds to sign. Default: now. */
  timestamp?: number;
  /** The `X-Chatwoot-Delivery` id. Default: a random UUID. */
  deliveryId?: string;
  /** The URL the delivery is posted to. Default `https://bot.example.com/webhook`. */
  url?: string;
}

/** Builds a delivery signed the way Chatwoot 4.13+ signs it (for tests and local runs). */
export function signedChatwootDelivery(options: SignedChatwootDeliveryOptions): Delivery {
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    method: 'POST',
    url: options.url ?? 'https://bot.example.com/webhook',
    headers: {
      'content-type': 'application/json',
      'x-chatwoot-signature': `sha256=${signature}`,
      'x-chatwoot-timestamp': timestamp,
      'x-chatwoot-delivery': options.deliveryId ?? crypto.randomUUID(),
    },
    body,
  };
}

/** The same signed delivery as a Web-standard `Request`. */
export function signedChatwootRequest(options: SignedChatwootDeliveryOptions): Request {
  const delivery = signedChatwootDelivery(options);
  return new Request(delivery.url, { method: 'POST', headers: delivery.headers as Record<string, string>, body: delivery.body as string });
}
