import type { $ZodType } from 'zod/v4/core';

// The webhook schemas are loose: an object keeps the fields it does not name, so that `ctx.raw` (and a user parsing
// with the exported schemas) sees the whole payload. Checking a delivery needs none of that copy: every schema is
// free of transforms, so a body that passes is already a value of the schema's output type. `validatorOf` gives the
// same checks with each loose object turned into a plain one, which looks at the fields it names and copies nothing
// else; `parsePayload` then hands on the body itself.

interface Internals {
  def: Readonly<Record<string, unknown>> & { type: string };
  constr: new (def: Record<string, unknown>) => $ZodType;
}

const validators = new WeakMap<$ZodType, $ZodType>();

/** The same checks as `schema`, with every object that keeps unknown fields made one that ignores them (cached). */
export function validatorOf(schema: $ZodType): $ZodType {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = convert(schema);
    validators.set(schema, validator);
  }
  return validator;
}

function convert(schema: $ZodType): $ZodType {
  const zod = (schema as unknown as { _zod: Internals })._zod;
  const def = zod.def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, $ZodType>;
      const converted: Record<string, $ZodType> = {};
      let changed = false;
      for (const key of Object.keys(shape)) {
        const field = shape[key] as $ZodType;
        converted[key] = validatorOf(field);
        if (converted[key] !== field) changed = true;
      }
      // A catchall of `unknown` keeps any extra field as it is: ignoring extra fields checks the same.
      const keepsAnything = (def.catchall as { _zod?: Internals } | undefined)?._zod?.def.type === 'unknown';
      if (!changed && !keepsAnything) return schema;
      return rebuilt(zod, { shape: converted, ...(keepsAnything ? { catchall: undefined } : {}) });
    }
    case 'optional':
    case 'nullable':
      return wrapped(schema, zod, 'innerType');
    case 'array':
      return wrapped(schema, zod, 'element');
    case 'union': {
      const options = def.options as readonly $ZodType[];
      const converted = options.map(validatorOf);
      return converted.every((option, i) => option === options[i]) ? schema : rebuilt(zod, { options: converted });
    }
    default:
      return schema;
  }
}

function wrapped(schema: $ZodType, zod: Internals, key: 'innerType' | 'element'): $ZodType {
  const inner = zod.def[key] as $ZodType;
  const converted = validatorOf(inner);
  return converted === inner ? schema : rebuilt(zod, { [key]: converted });
}

function rebuilt(zod: Internals, changes: Record<string, unknown>): $ZodType {
  // The schema's own constructor with its definition (checks, messages and all) and the converted parts.
  const def: Record<string, unknown> = { ...zod.def, ...changes };
  if ('catchall' in changes && changes.catchall === undefined) delete def.catchall;
  return new zod.constr(def);
}
