import { type HandoffkitError, PlatformApiError } from '../../errors.js';
import { graphErrorMapper } from '../meta/graph-errors.js';

/** Re-engagement: more than 24 hours since the contact last wrote, only a template can be sent. */
export const REENGAGEMENT_CODE = 131047;
/** The throughput limit of the phone number, and the pair limit (too many messages to one contact). */
export const RATE_LIMIT_CODES: readonly number[] = [130429, 131056];

const HINTS: Readonly<Record<number, string>> = {
  [REENGAGEMENT_CODE]:
    'more than 24 hours passed since the contact last wrote, so only a template can reach them: reply({ platformFields: { template: { name, language, components } } }) with an approved template',
  130429: "the phone number's throughput limit was reached (the call was retried as far as the client's retries allow): send more slowly",
  131056: 'too many messages to this contact in a short time (pair rate limit): wait before sending to them again',
};

/** How the WhatsApp adapter reads Graph errors: `notOwnerCodes` → `E_NOT_OWNER`; 131047 and the rate limits explained. */
export function whatsappErrorMapper(notOwnerCodes: readonly number[]): (error: PlatformApiError) => HandoffkitError {
  return graphErrorMapper({
    platform: 'whatsapp',
    label: 'WhatsApp',
    notOwner: (details) => typeof details.code === 'number' && notOwnerCodes.includes(details.code),
    explain(error) {
      const details = error.details ?? {};
      const hint = typeof details.code === 'number' ? HINTS[details.code] : undefined;
      if (hint === undefined) return undefined;
      return new PlatformApiError(
        {
          platform: 'whatsapp',
          status: error.status,
          platformMessage: error.platformMessage,
          method: String(details.method),
          path: String(details.path),
          details,
        },
        `WhatsApp API ${String(details.method)} ${String(details.path)} failed with ${error.status}: ${hint} (${error.platformMessage}).`,
      );
    },
  });
}
