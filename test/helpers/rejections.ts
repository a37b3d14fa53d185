// Assertions the platform suites share: no secret in a value, the shape of a rejected delivery, an accepted one,
// the error a call rejects with.
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { type HandoffkitError, isHandoffkitError } from '../../src/index.js';

/** Asserts that none of `secrets` appears in a text, an error (message, details, cause) or an object (getters included). */
export function expectNoneOf(secrets: readonly string[], value: unknown): void {
  const text = typeof value === 'string' ? value : inspect(value, { depth: 10, showHidden: true, getters: true });
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/**
 * Asserts a rejected delivery's answer: the status, a JSON body that is exactly `{ error: { code, message } }`,
 * the message matching `message` when given, and none of `secrets` anywhere in it. Resolves with the message.
 */
export async function expectRejectionWithout(secrets: readonly string[], response: Response, status: number, code: string, message?: RegExp): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (message) expect(body.error.message).toMatch(message);
  expectNoneOf(secrets, text);
  return body.error.message;
}

/** Asserts that a delivery was handled: 200, with the answer's text shown when it was not. */
export async function expectAccepted(response: Response): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
}

/** A suite's secret checks: {@link expectRejectionWithout} and {@link expectNoneOf} over its `secrets`. */
export interface SecretChecks {
  /** Asserts a rejected delivery's answer: status, JSON `{ error: { code, message } }`, and no secret in it. */
  expectRejection(response: Response, status: number, code: string, message?: RegExp): Promise<string>;
  /** Asserts that no secret of the suite appears in a text, an error or an object. */
  expectNoSecrets(value: unknown): void;
}

/** The secret checks of a suite whose secrets are `secrets`. */
export function secretChecks(secrets: readonly string[]): SecretChecks {
  return {
    expectRejection: (response, status, code, message) => expectRejectionWithout(secrets, response, status, code, message),
    expectNoSecrets: (value) => expectNoneOf(secrets, value),
  };
}

/** The HandoffkitError `promise` rejects with; fails if it resolves, rethrows any other error. */
export async function handoffkitRejection(promise: Promise<unknown>): Promise<HandoffkitError> {
  try {
    await promise;
  } catch (error) {
    if (isHandoffkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
