import { pino, type Logger } from 'pino';
import { config } from '@schools24/config';

export type { Logger } from 'pino';

/**
 * One root logger per process; request loggers are children carrying the request id, tenant and
 * user ids (never names, emails or other personal data).
 */
let root: Logger | undefined;

export function rootLogger(): Logger {
  root ??= pino({
    level: config().LOG_LEVEL,
    base: { service: 'schools24' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
      remove: true,
    },
  });
  return root;
}

export function serviceLogger(service: string): Logger {
  return rootLogger().child({ service });
}

export interface RequestLogFields {
  requestId: string;
  schoolId?: string | undefined;
  userId?: string | undefined;
}

export function requestLogger(parent: Logger, fields: RequestLogFields): Logger {
  return parent.child(fields);
}
