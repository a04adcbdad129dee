import type { CombinedError } from 'urql';

/** What a form shows for a refused mutation: messages beside fields, and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

const NO_ERRORS: FormErrors = { fields: {}, form: null };

/** Words for codes whose server message is meant for developers. */
function messageFor(code: string | undefined, message: string, extensions: Record<string, unknown>): string {
  switch (code) {
    case 'RATE_LIMITED': {
      const wait = Number(extensions.retryAfterSeconds);
      return Number.isFinite(wait) && wait > 0
        ? `Too many attempts. Try again in ${formatWait(wait)}.`
        : 'Too many attempts. Try again later.';
    }
    case 'UNAUTHENTICATED':
      return extensions.reason === 'INVALID_CREDENTIALS' ? 'Wrong username, email or password.' : message;
    case 'INTERNAL_SERVER_ERROR':
      return 'Something went wrong on our side. Please try again.';
    default:
      return message;
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

/**
 * Splits an error by `extensions.field`: `input.email` is shown beside the `email` field (the last
 * path segment); errors without a field (or naming one the form does not have) go to the form.
 */
export function formErrors(error: CombinedError | undefined, formFields: readonly string[] = []): FormErrors {
  if (!error) return NO_ERRORS;
  if (error.networkError && error.graphQLErrors.length === 0) {
    return { fields: {}, form: 'Cannot reach Shutter. Check your connection and try again.' };
  }
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const e of error.graphQLErrors) {
    const extensions = (e.extensions ?? {}) as Record<string, unknown>;
    const message = messageFor(extensions.code as string | undefined, e.message, extensions);
    const field = typeof extensions.field === 'string' ? extensions.field.split('.').pop()! : undefined;
    if (field && formFields.includes(field)) fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    else form.push(message);
  }
  return { fields, form: form.length > 0 ? form.join(' ') : null };
}

/** One line for an error outside a form (a button's action, a page that failed to load). */
export function errorText(error: CombinedError | undefined): string | null {
  const { fields, form } = formErrors(error);
  return form ?? (Object.values(fields)[0] || null);
}
