import { GraphQLError } from 'graphql';

/** The stable error codes clients may rely on (see the API contract). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const publicCodes = new Set<string>(Object.values(ErrorCode));

export function isPublicErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && publicCodes.has(code);
}

export interface AppErrorOptions {
  /** The input field the error is about, e.g. `input.email`. */
  field?: string;
  /** HTTP status for errors raised before execution (e.g. 401 for a bad token). */
  httpStatus?: number;
  cause?: unknown;
}

/** A client-facing error with a stable code; everything else is masked as INTERNAL_SERVER_ERROR. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    const status = options.httpStatus;
    super(message, {
      extensions: {
        code,
        ...(options.field ? { field: options.field } : {}),
        ...(status ? { http: { status } } : {}),
      },
      ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
    });
    this.code = code;
  }
}

/** For errors raised outside any subgraph's services (the gateway's token checks). */
export const unauthenticated = (message = 'You must be signed in to do that.', httpStatus?: number) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, httpStatus ? { httpStatus } : {});

/**
 * Codes every subgraph shares, raised by the shared rules in this package (input validation,
 * paging, sign-in). Each subgraph adds codes of its own for its domain rules.
 */
export const CommonErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  SIGN_IN_REQUIRED: 'SIGN_IN_REQUIRED',
} as const;
export type CommonErrorCode = (typeof CommonErrorCode)[keyof typeof CommonErrorCode];

/**
 * A rule of the domain that a request broke, named by a code of the subgraph that owns the rule.
 * Services throw these and know nothing of GraphQL; the subgraph's error map (one exhaustive
 * switch) turns each code into a public `extensions.code`, and the code itself travels as
 * `extensions.reason` so that clients, and other subgraphs, can branch on it without reading
 * messages.
 */
export class DomainError<Code extends string = string> extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: Code,
    message: string,
    /** The input field the error is about, e.g. `input.email`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A subgraph's own domain codes, each with the public code clients see. */
export type ErrorMap<Code extends string> = Readonly<Record<Code, ErrorCode>>;

/**
 * Declares a subgraph's domain error codes together with their public codes, so the mapping is
 * exhaustive by construction: a code cannot exist without the public code it is sent as.
 * `codes` names them for services (`FollowError.BLOCKED`); `map` goes to the kit.
 */
export function defineErrors<const M extends Record<string, ErrorCode>>(
  map: M,
): { codes: { readonly [K in keyof M]: K }; map: M } {
  const codes = Object.fromEntries(Object.keys(map).map((code) => [code, code])) as { [K in keyof M]: K };
  return { codes, map };
}

const commonPublicCodes: ErrorMap<CommonErrorCode> = {
  INVALID_INPUT: ErrorCode.BAD_USER_INPUT,
  SIGN_IN_REQUIRED: ErrorCode.UNAUTHENTICATED,
};

/** The public code of a domain error: shared codes here, the subgraph's own through its map. */
export function publicCodeOf(error: DomainError, map: ErrorMap<string>): ErrorCode {
  const publicCodes: Readonly<Record<string, ErrorCode | undefined>> = { ...map, ...commonPublicCodes };
  // A code missing from both maps is a programming error: masked as an internal error.
  return publicCodes[error.code] ?? ErrorCode.INTERNAL_SERVER_ERROR;
}

export const badInput = (field: string, message: string) =>
  new DomainError(CommonErrorCode.INVALID_INPUT, message, field);

/** One input field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Several fields of one input are invalid: answered as one BAD_USER_INPUT error per field (each with
 * its `extensions.field`), so a form shows them all after one submit. The first is the error itself.
 */
export class InvalidFieldsError extends DomainError<typeof CommonErrorCode.INVALID_INPUT> {
  constructor(readonly problems: readonly [FieldProblem, ...FieldProblem[]]) {
    super(CommonErrorCode.INVALID_INPUT, problems[0].message, problems[0].field);
  }
}
export const signInRequired = (message = 'You must be signed in to do that.') =>
  new DomainError(CommonErrorCode.SIGN_IN_REQUIRED, message);
