import { errorMessage, isApiError, storageErrorKind, type Logger } from '@zaqarjs/core';

/** A response about to be written: status, optional JSON body, extra headers. */
export interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Headers every error response carries. */
const ERROR_HEADERS = { vary: 'Accept' } as const;

function errorOutcome(status: number, title: string, description?: string, headers?: Readonly<Record<string, string>>): Outcome {
  const body = description === undefined ? { title } : { title, description };
  return { status, body, headers: { ...ERROR_HEADERS, ...headers } };
}

/**
 * The response for anything a request threw: ApiErrors as they are, typed
 * storage errors no handler mapped by kind, anything else a logged 500 that
 * shows the message but never a stack trace.
 */
export function outcomeOfError(error: unknown, logger: Logger, requestId: string): Outcome {
  if (isApiError(error)) {
    // 406: the client accepts nothing we render, so no body.
    if (error.status === 406) return { status: 406, headers: { ...ERROR_HEADERS } };
    if (error.status >= 500) logger.error({ err: error.cause ?? error, requestId }, error.description ?? error.title);
    return errorOutcome(error.status, error.title, error.description, error.headers);
  }
  const kind = storageErrorKind(error);
  if (kind === 'not-found') return errorOutcome(404, 'Not found', errorMessage(error));
  if (kind === 'not-permitted') return errorOutcome(403, 'Not authorized', errorMessage(error));
  if (kind === 'conflict') return errorOutcome(409, 'Resource conflict', errorMessage(error));
  if (kind === 'unavailable') {
    logger.error({ err: error, requestId }, 'Storage failure');
    return errorOutcome(503, 'Service temporarily unavailable', 'The storage back end is unavailable. Please try again in a few seconds.');
  }
  logger.error({ err: error, requestId }, 'Internal server error');
  return errorOutcome(500, 'Internal server error', errorMessage(error));
}
