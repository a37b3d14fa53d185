import { Buffer } from 'node:buffer';

// One redaction step for everything an error or a log record carries: a secret is replaced in every form it may
// travel in (as given, URL-encoded, form-encoded, base64, base64url, JSON-escaped), and a credential header's value
// (a bearer token, the base64 of `id:secret` of HTTP Basic) is replaced as a whole.

/** What stands where a secret was. */
export const REDACTED = '[redacted]';

// Shorter values would blank unrelated text (and are no secrets worth the name).
const MIN_SECRET_LENGTH = 4;
// How deep `redactValue` copies; anything deeper is replaced (a log record needs no more).
const MAX_DEPTH = 32;

/** The forms a secret may travel in. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  const bytes = Buffer.from(secret, 'utf8');
  forms.add(bytes.toString('base64'));
  forms.add(bytes.toString('base64').replace(/=+$/, ''));
  forms.add(bytes.toString('base64url'));
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** The secret parts of a credential header value: the value, its credentials after the scheme, Basic's decoded parts. */
export function credentialForms(headerValue: string): string[] {
  const out = [headerValue.trim()];
  const match = /^(\w+)\s+(.+)$/.exec(headerValue.trim());
  if (match !== null) {
    const [, scheme, credentials] = match as unknown as [string, string, string];
    out.push(credentials);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon !== -1) out.push(decoded, decoded.slice(colon + 1));
    }
  }
  return out;
}

/** Replaces secrets, in every form they travel in, by `[redacted]`. */
export class Redactor {
  #forms: string[] = [];

  /** Creates a redactor of `secrets` (empty and very short values are ignored). */
  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** Whether there is anything to redact. */
  get empty(): boolean {
    return this.#forms.length === 0;
  }

  /** Adds secrets (in all their forms); returns this redactor. */
  add(secrets: Iterable<string>): this {
    const forms = new Set(this.#forms);
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of secretForms(secret)) forms.add(form);
    }
    // Longest first: a form that contains another is replaced whole.
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
    return this;
  }

  /** A redactor with these secrets besides this one's (this one is unchanged). */
  with(secrets: Iterable<string>): Redactor {
    const copy = new Redactor();
    copy.#forms = this.#forms;
    return copy.add(secrets);
  }

  /** The text with every secret replaced. */
  text = (text: string): string => {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };

  /** A copy of a value with every string in it (keys included) redacted; cycles and deep nesting are cut. */
  value<T>(value: T): T {
    return redactValue(value, this.text) as T;
  }
}

/** A copy of a value with `redact` applied to every string in it (keys included); cycles and deep nesting are cut. */
export function redactValue(value: unknown, redact: (text: string) => string, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[cut]';
  seen.add(value);
  if (value instanceof Error) {
    const own = Object.entries(value).map(([key, inner]) => [redact(key), redactValue(inner, redact, depth + 1, seen)] as const);
    return Object.fromEntries([['name', value.name], ['message', redact(value.message)], ...own]);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, depth + 1, seen));
  // fromEntries defines own properties: a `__proto__` key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [redact(key), redactValue(inner, redact, depth + 1, seen)]));
}
