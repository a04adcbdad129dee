import type { Logger } from '@shutter/runtime';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Codes for requests refused before they are GraphQL (Apollo answers BAD_REQUEST for the same class). */
export const HttpErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

const body = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Whether an error from a body parser or other middleware names a client mistake (4xx). */
function clientStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

/**
 * Errors raised outside GraphQL (the JSON body parser, a failure in the HTTP layer) answered the
 * way GraphQL errors are: a JSON body `{ errors: [{ message, extensions: { code } }] }`. Express's
 * own handler would answer an HTML page, with a stack trace outside production. Messages are ours,
 * never the parser's.
 */
export function httpErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = clientStatus(error);
    if (res.headersSent) {
      logger.warn({ err: error }, 'error after the response started; connection closed');
      req.socket.destroy();
      return;
    }
    if (status === 413) {
      res
        .status(413)
        .json(body(`The request body is larger than ${bodyLimitBytes} bytes.`, HttpErrorCode.PAYLOAD_TOO_LARGE));
    } else if (status !== null) {
      const type = (error as { type?: unknown }).type;
      const message =
        type === 'entity.parse.failed'
          ? 'The request body is not valid JSON.'
          : type === 'encoding.unsupported' || type === 'charset.unsupported'
            ? 'The request body has an unsupported encoding or charset.'
            : 'The request is malformed.';
      logger.debug({ status, type }, 'malformed request');
      res.status(status).json(body(message, HttpErrorCode.BAD_REQUEST));
    } else {
      logger.error({ err: error }, 'unexpected error in the HTTP layer');
      res.status(500).json(body('Internal server error', HttpErrorCode.INTERNAL_SERVER_ERROR));
    }
  };
}

/** Any path the gateway does not serve: JSON, not Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(body('Not found. The GraphQL endpoint is /graphql.', HttpErrorCode.NOT_FOUND));
};
