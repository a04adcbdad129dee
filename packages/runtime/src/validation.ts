import type { z } from 'zod';
import { badInput, InvalidFieldsError, type FieldProblem } from './errors.js';

/**
 * Validates client input with a zod schema and returns the parsed value. Every problem becomes a
 * BAD_USER_INPUT error naming its field (e.g. `input.email`), all of them in one answer, so a client
 * can show each beside the right form control after a single submit.
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    const path = fieldPath(prefix, issue.path);
    // One problem per field: the first is what the client fixes first.
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push({ field: path || 'input', message: path ? `${path}: ${issue.message}` : issue.message });
  }
  if (problems.length === 1) throw badInput(problems[0]!.field, problems[0]!.message);
  throw new InvalidFieldsError(problems as [FieldProblem, ...FieldProblem[]]);
}

/** `input` + ['files', 2, 'byteSize'] → `input.files[2].byteSize` (list items by index, as GraphQL clients write them). */
export function fieldPath(prefix: string | undefined, path: readonly PropertyKey[]): string {
  let out = prefix ?? '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
