import { httpErrorBody, type Logger } from '@shutter/runtime';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * Errors in the express routes (/health, /ready) answered the way GraphQL errors are: a JSON body
 * `{ errors: [{ message, extensions: { code } }] }`, never express's HTML page with a stack trace.
 * Request bodies (413, malformed JSON, charsets) are refused by graphqlHttpHandler before express.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      logger.warn({ err: error }, 'error after the response started; connection closed');
      req.socket.destroy();
      return;
    }
    logger.error({ err: error }, 'unexpected error in the HTTP layer');
    res.status(500).json(httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}

/** Any path the gateway does not serve: JSON, not Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(httpErrorBody('Not found. The GraphQL endpoint is /graphql.', 'NOT_FOUND'));
};
