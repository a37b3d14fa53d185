import type { OutgoingMessage } from './actions.js';

// Replies in several languages, picked by the contact's locale. Platform-neutral: any adapter that fills
// `Contact.locale` gets it through `ctx.reply({ en: 'Hi', fr: 'Bonjour', default: 'en' })`.

/**
 * One reply in several languages: a text (or message) per BCP 47 language tag, and `default`, the tag used when
 * none matches the contact's locale, e.g. `{ en: 'Hi', fr: 'Bonjour', 'fr-CA': 'Allô', default: 'en' }`.
 */
export type LocalizedReply = { readonly default: string } & { readonly [language: string]: string | OutgoingMessage };

/** Whether a reply argument is a {@link LocalizedReply} (an object with a string `default` naming one of its keys). */
export function isLocalizedReply(value: unknown): value is LocalizedReply {
  return typeof value === 'object' && value !== null && typeof (value as { default?: unknown }).default === 'string';
}

/** A locale in canonical BCP 47 form (`fr_ca` → `fr-CA`, `zh-hant-tw` → `zh-Hant-TW`), or `undefined` if it is not one. */
export function normalizeLocale(locale: unknown): string | undefined {
  if (typeof locale !== 'string') return undefined;
  const tag = locale.trim().replace(/_/g, '-');
  if (tag === '') return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * The entry of `texts` for `locale`: the exact tag, then each shorter prefix (`fr-CA-x` → `fr-CA` → `fr`), matched
 * without regard to case; otherwise the `default` entry. Throws a `TypeError` when `default` names no entry.
 */
export function pickLocalized(texts: LocalizedReply, locale: string | undefined): string | OutgoingMessage {
  const byTag = new Map<string, string | OutgoingMessage>();
  for (const [key, value] of Object.entries(texts)) {
    if (key !== 'default') byTag.set(key.toLowerCase().replace(/_/g, '-'), value);
  }
  const canonical = normalizeLocale(locale);
  if (canonical !== undefined) {
    const parts = canonical.toLowerCase().split('-');
    for (let length = parts.length; length > 0; length--) {
      const found = byTag.get(parts.slice(0, length).join('-'));
      if (found !== undefined) return found;
    }
  }
  const fallback = byTag.get(texts.default.toLowerCase().replace(/_/g, '-'));
  if (fallback === undefined) {
    throw new TypeError(
      `reply({ default: ${JSON.stringify(texts.default)} }) names no language of the reply (it has ${[...byTag.keys()].map((k) => JSON.stringify(k)).join(', ') || 'none'}): default must be one of its keys.`,
    );
  }
  return fallback;
}
