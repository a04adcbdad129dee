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

export const badInput = (field: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
export const unauthenticated = (message = 'You must be signed in to do that.', httpStatus?: number) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, httpStatus ? { httpStatus } : {});
export const forbidden = (message = 'You are not allowed to do that.') => new AppError(ErrorCode.FORBIDDEN, message);
export const notFound = (message: string) => new AppError(ErrorCode.NOT_FOUND, message);
export const conflict = (field: string, message: string) => new AppError(ErrorCode.CONFLICT, message, { field });
