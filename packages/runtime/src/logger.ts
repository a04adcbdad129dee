import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
}

/** JSON logs to stdout; one child logger per request carries its request id. */
export function createLogger({ service, level = 'info' }: LoggerOptions): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-shutter-identity"]', '*.password', '*.refreshToken'],
      censor: '[redacted]',
    },
  });
}
