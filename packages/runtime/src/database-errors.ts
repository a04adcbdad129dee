/**
 * Database errors a request's own values cause, as opposed to faults of the service. Services
 * validate their input first; this is the backstop for what slips through (a value longer than its
 * column, a string PostgreSQL cannot store, text where a uuid or a timestamp goes), so that it is
 * answered as the client's mistake (BAD_USER_INPUT) and not as an internal error that pages someone.
 */

/** PostgreSQL SQLSTATEs (class 22, data exception) that only a value can cause. */
const INPUT_SQLSTATES = new Set([
  '22001', // string_data_right_truncation: value too long for the column
  '22003', // numeric_value_out_of_range
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22021', // character_not_in_repertoire: invalid byte sequence (e.g. NUL)
  '22P02', // invalid_text_representation: e.g. not a uuid
  '22P05', // untranslatable_character
]);

/** Prisma's own codes for the same mistakes, raised before or instead of a SQLSTATE. */
const INPUT_PRISMA_CODES = new Set([
  'P2000', // the provided value is too long for the column
  'P2006', // the provided value is not valid for the field
  'P2007', // data validation error
  'P2020', // value out of range for the type
  'P2033', // a number does not fit a 64-bit integer
]);

interface ErrorShape {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  cause?: unknown;
  originalError?: unknown;
}

/**
 * Whether `error` (or what it wraps: GraphQL's `originalError`, a `cause`) is a database refusing a
 * value of the request. Recognised by shape, so the runtime needs neither Prisma nor pg: Prisma's
 * known request errors carry `code` (`P2000`…) and, with the pg driver adapter, the SQLSTATE in
 * `meta.driverAdapterError.cause.originalCode`; pg's own errors carry the SQLSTATE as `code`.
 */
export function isDatabaseInputError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const shape = current as ErrorShape;
    const sqlState = shape.meta?.driverAdapterError?.cause?.originalCode ?? shape.meta?.driverAdapterError?.cause?.code;
    if (typeof sqlState === 'string' && INPUT_SQLSTATES.has(sqlState)) return true;
    if (typeof shape.code === 'string' && (INPUT_PRISMA_CODES.has(shape.code) || INPUT_SQLSTATES.has(shape.code))) {
      return true;
    }
    current = shape.originalError ?? shape.cause;
  }
  return false;
}
