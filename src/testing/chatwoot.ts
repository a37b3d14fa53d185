import type { Delivery } from '../core/delivery.js';
import { signChatwootDelivery } from '../adapters/chatwoot/emulator.js';

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
  const { body, ...signing } = options;
  return signChatwootDelivery(body, signing);
}

/** The same signed delivery as a Web-standard `Request`. */
export function signedChatwootRequest(options: SignedChatwootDeliveryOptions): Request {
  const delivery = signedChatwootDelivery(options);
  return new Request(delivery.url, { method: 'POST', headers: delivery.headers as Record<string, string>, body: delivery.body as string });
}
