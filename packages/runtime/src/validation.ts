import type { z } from 'zod';
import { badInput } from './errors.js';

/**
 * Validates client input with a zod schema and returns the parsed value. The first problem
 * becomes a BAD_USER_INPUT error naming the field (e.g. `input.email`), so a client can show it
 * beside the right form control.
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw badInput(path || 'input', path ? `${path}: ${issue.message}` : issue.message);
}
