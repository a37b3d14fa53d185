// zod/mini alone, with one schema, for reference.
import * as z from 'zod/mini';

export const schema = z.object({ event: z.string(), id: z.union([z.number(), z.string()]) });
