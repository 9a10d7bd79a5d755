/**
 * A client-visible error in Zaqar's `{"title","description"}` form. The request
 * layer throws these; each transport renders them (HTTP status + JSON body,
 * websocket response envelope).
 */
export class ApiError extends Error {
  /** Stable identifier; transports recognise request-layer errors by it (see error-codes.ts). */
  readonly code = 'ZAQAR_API_ERROR';
  constructor(
    /** HTTP status the error maps to. */
    readonly status: number,
    /** Short title, e.g. `Invalid API request`. */
    readonly title: string,
    /** Human readable detail; omitted from the body when undefined. */
    readonly description?: string,
    /** Extra response headers (e.g. `Location` on a 409). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description ?? title);
    this.name = 'ApiError';
  }

  /** The JSON body the HTTP transport sends. */
  toBody(): { title: string; description?: string } {
    return this.description === undefined ? { title: this.title } : { title: this.title, description: this.description };
  }
}

const TRY_AGAIN = ' Please try again in a few seconds.';

/** Shorthands for the error families of the HTTP API spec. */
export const apiErrors = {
  badRequest: (description: string) => new ApiError(400, 'Invalid API request', description),
  invalidBody: (description: string) => new ApiError(400, 'Invalid request body', description),
  invalidParam: (description: string) => new ApiError(400, 'Invalid parameter', description),
  notFound: (description: string) => new ApiError(404, 'Not found', description),
  conflict: (description: string, headers?: Record<string, string>) => new ApiError(409, 'Resource conflict', description, headers),
  forbidden: () => new ApiError(403, 'Not authorized', 'You are not authorized to complete this action.'),
  unavailable: (what: string) => new ApiError(503, 'Service temporarily unavailable', what + TRY_AGAIN),
  routeNotFound: () => new ApiError(404, '404 Not Found'),
};
