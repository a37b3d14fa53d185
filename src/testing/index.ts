export { signedChatwootDelivery, signedChatwootRequest } from './chatwoot.js';
export type { SignedChatwootDeliveryOptions } from './chatwoot.js';
