import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { checkPayload, parsePayload } from '../../../src/adapters/kit/payload.js';
import { validatorOf } from '../../../src/adapters/kit/validator.js';

const contact = z.looseObject({ id: z.union([z.number(), z.string().check(z.minLength(1))]), name: z.optional(z.nullable(z.string())) });
const event = z.looseObject({
  event: z.string(),
  sender: z.optional(z.nullable(contact)),
  tags: z.optional(z.array(z.looseObject({ name: z.string() }))),
  attributes: z.optional(z.looseObject({})),
});

describe('checkPayload: the checks of a loose schema, without its copy', () => {
  it('hands on the body itself when it passes, unknown fields at every level included', () => {
    const body = {
      event: 'x',
      extra: { deep: [1, 2] },
      sender: { id: 7, name: null, avatar: 'a.png' },
      tags: [{ name: 't', color: 'red' }],
      attributes: { a: 1 },
    };
    const result = checkPayload(event, body);
    expect(result.success).toBe(true);
    expect(result.success && result.data).toBe(body);
    // The loose schema's own output is a copy equal to the body: the two readings agree.
    expect(z.parse(event, body)).toEqual(body);
  });

  it('reports the same first issue, at the same path, as the loose schema', () => {
    const bad = [
      { event: 1 },
      { event: 'x', sender: { id: '' } },
      { event: 'x', sender: { name: 'n' } },
      { event: 'x', tags: [{ name: 't' }, { name: 3 }] },
      { event: 'x', attributes: [] },
      'not an object',
    ];
    for (const body of bad) {
      const loose = z.safeParse(event, body);
      const checked = checkPayload(event, body);
      expect(loose.success).toBe(false);
      expect(checked.success).toBe(false);
      if (loose.success || checked.success) continue;
      expect(checked.issues.map((issue) => [issue.code, issue.path])).toEqual(loose.error.issues.map((issue) => [issue.code, issue.path]));
    }
  });

  it('keeps checks on leaves and names the field in E_PAYLOAD', () => {
    expect(() => parsePayload(event, { event: 'x', sender: { id: '' } }, 'Test delivery')).toThrow(/field "sender\.id"/);
  });

  it('leaves schemas without loose objects as they are, and converts each schema once', () => {
    const plain = z.object({ a: z.string() });
    expect(validatorOf(plain)).toBe(plain);
    expect(validatorOf(event)).not.toBe(event);
    expect(validatorOf(event)).toBe(validatorOf(event));
  });

  it('keeps a catchall that checks values (a map of lists)', () => {
    const roles = z.catchall(z.object({}), z.array(z.string()));
    expect(checkPayload(roles, { '1': ['primary_receiver'] }).success).toBe(true);
    expect(checkPayload(roles, { '1': 'primary_receiver' }).success).toBe(false);
  });
});
