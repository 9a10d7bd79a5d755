import { ApiError, errorMessage, isApiError, isStorageError } from '@zaqarjs/core';
import { IDENTIFICATION_LIMITS, isDocumentError, type ClientIdErrors, type IdentificationProblem } from '@zaqarjs/core/api';
import type { ActionResult } from './envelope';

/**
 * How request-layer errors read over websocket:
 * `{"exception": <text>, "error": <summary or null>}`. `exception` is the
 * store's own text when a store error caused the refusal, else the
 * validation text (document errors with the reference's `Bad request. `
 * prefix); `error` is the action's summary for that status, else the
 * request layer's wording of a store refusal, else null.
 */

/** Per-status summaries of one action (e.g. 503 `Queue q could not be created.`). */
export type Summaries = Partial<Record<number, string>>;

function exceptionText(error: ApiError): string {
  const cause = error.cause;
  if (isStorageError(cause)) return cause.message;
  if (error.status >= 500 && cause instanceof Error) return cause.message;
  return (isDocumentError(error) ? 'Bad request. ' : '') + (error.description ?? error.title);
}

function summaryText(error: ApiError, summaries: Summaries): string | null {
  const given = summaries[error.status];
  if (given !== undefined) return given;
  const cause = error.cause;
  if (error.status >= 500) return error.description ?? error.title;
  return isStorageError(cause) && error.description !== cause.message ? (error.description ?? null) : null;
}

/** The websocket answer for an error thrown while running an action. */
export function errorResult(error: unknown, summaries: Summaries = {}): ActionResult {
  if (isApiError(error)) return { status: error.status, body: { exception: exceptionText(error), error: summaryText(error, summaries) } };
  return { status: 500, body: { exception: errorMessage(error), error: 'Unexpected error.' } };
}

const badRequest = (text: string) => new ApiError(400, 'Invalid request', text);

/** The reference validator's Client-ID texts. */
export const CLIENT_ID_ERRORS: ClientIdErrors = {
  malformed: () => badRequest('badly formed hexadecimal UUID string'),
  badLength: (min, max) => badRequest(`Length of client id must be at least ${min} and no greater than ${max}.`),
};

/** The reference validator's queue identification texts, one per rule. */
export function identificationError(problem: IdentificationProblem): ApiError {
  switch (problem) {
    case 'project-too-long':
      return badRequest(`Project ids may not be more than ${IDENTIFICATION_LIMITS.maxProject} characters long.`);
    case 'name-too-long':
      return badRequest(`Queue names may not be more than ${IDENTIFICATION_LIMITS.maxName} characters long.`);
    case 'name-charset':
      return badRequest('Queue names may only contain ASCII letters, digits, underscores, and dashes.');
  }
}
