import { describe, expect, it } from 'vitest';
import { isLocalizedReply, normalizeLocale, pickLocalized } from '../../src/core/locale.js';

// ctx.reply({ en, fr, default }): the entry that best matches the contact's locale, else the default one.

describe('normalizeLocale', () => {
  it.each([
    ['fr-CA', 'fr-CA'],
    ['fr_ca', 'fr-CA'],
    ['EN-us', 'en-US'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    [' pt-br ', 'pt-BR'],
    ['', undefined],
    ['not a locale!', undefined],
    [42, undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLocale(input)).toBe(expected);
  });
});

describe('pickLocalized', () => {
  const texts = { en: 'Hi', fr: 'Bonjour', 'fr-CH': 'Grüezi… non, Bonjour', default: 'en' } as const;

  it.each([
    ['fr-CA', 'Bonjour'],
    ['fr', 'Bonjour'],
    ['fr-ch', 'Grüezi… non, Bonjour'],
    ['en-GB', 'Hi'],
    ['de-DE', 'Hi'],
    [undefined, 'Hi'],
    ['garbage!', 'Hi'],
  ])('locale %j → %j', (locale, expected) => {
    expect(pickLocalized(texts, locale)).toBe(expected);
  });

  it('keys match without regard to case or separator; entries may be whole messages', () => {
    const quick = { text: 'Oui ?', quickReplies: [{ title: 'Oui' }] };
    expect(pickLocalized({ EN_us: 'Hey', fr: quick, default: 'en_US' }, 'fr-BE')).toBe(quick);
    expect(pickLocalized({ EN_us: 'Hey', fr: quick, default: 'en_US' }, 'es')).toBe('Hey');
  });

  it('a default that names no entry is a TypeError naming the keys', () => {
    expect(() => pickLocalized({ en: 'Hi', default: 'de' }, 'fr')).toThrow(/default: "de".*"en"/);
  });

  it('tells a localized reply from a message', () => {
    expect(isLocalizedReply({ en: 'Hi', default: 'en' })).toBe(true);
    expect(isLocalizedReply({ text: 'Hi' })).toBe(false);
    expect(isLocalizedReply('Hi')).toBe(false);
  });
});
