import { ApiError, Conflict, DoesNotExist, NotPermitted, StorageError, type Logger } from '@zaqarjs/core';

/** A response about to be written: status, optional JSON body, extra headers. */
export interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Headers every error response carries (spec §2.5). */
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
  if (error instanceof ApiError) {
    // 406: the client accepts nothing we render, so no body (spec §2.5).
    if (error.status === 406) return { status: 406, headers: { ...ERROR_HEADERS } };
    if (error.status >= 500) logger.error({ err: error.cause ?? error, requestId }, error.description ?? error.title);
    return errorOutcome(error.status, error.title, error.description, error.headers);
  }
  if (error instanceof DoesNotExist) return errorOutcome(404, 'Not found', error.message);
  if (error instanceof NotPermitted) return errorOutcome(403, 'Not authorized', error.message);
  if (error instanceof Conflict) return errorOutcome(409, 'Resource conflict', error.message);
  if (error instanceof StorageError) {
    logger.error({ err: error, requestId }, 'Storage failure');
    return errorOutcome(503, 'Service temporarily unavailable', 'The storage back end is unavailable. Please try again in a few seconds.');
  }
  logger.error({ err: error, requestId }, 'Internal server error');
  const description = error instanceof Error ? error.message : String(error);
  return errorOutcome(500, 'Internal server error', description);
}
