import { type ApiError, apiErrors } from '../errors/api-error';
import type { RequestBody } from './context';
import { parseJsonDocument } from './json-body';

/**
 * An `Invalid request body` raised by document sanitizing (a field missing or
 * of the wrong type, a document of the wrong type): the reference's
 * BadRequest family, which the websocket transport words `Bad request. <description>`.
 */
export function badDocument(description: string): ApiError {
  return Object.assign(apiErrors.invalidBody(description), { documentError: true });
}

/** Whether `error` was raised by `badDocument`. */
export function isDocumentError(error: unknown): boolean {
  return (error as { documentError?: unknown } | null)?.documentError === true;
}

/**
 * A body received as bytes (HTTP); parsed once, on first use. `undefined` bytes
 * mean the request declared no body (no Content-Length); an empty buffer is a
 * body declared empty (`Content-Length: 0`), which routes that read an optional
 * body treat as absent but which, like the reference, fails to parse as JSON
 * where a body is read unconditionally.
 */
export class BufferedBody implements RequestBody {
  private parsed?: { value: unknown };
  constructor(private readonly bytes: Buffer | undefined) {}

  get present(): boolean {
    return this.bytes !== undefined && this.bytes.length > 0;
  }

  get length(): number {
    return this.bytes?.length ?? 0;
  }

  parse(): unknown {
    if (this.bytes === undefined) throw apiErrors.invalidBody('Request body can not be empty');
    this.parsed ??= { value: parseJsonDocument(this.bytes) };
    return this.parsed.value;
  }
}

/** A body that arrived already parsed (websocket). */
export class ParsedBody implements RequestBody {
  constructor(
    private readonly value: unknown,
    readonly length: number,
  ) {}
  get present(): boolean {
    return this.value !== undefined;
  }
  parse(): unknown {
    if (!this.present) throw apiErrors.invalidBody('Request body can not be empty');
    return this.value;
  }
}

/** The body as a JSON object; an array is "Document type not supported." */
export function objectBody(body: RequestBody): Record<string, unknown> {
  const value = body.parse();
  if (Array.isArray(value) || value === null || typeof value !== 'object') throw badDocument('Document type not supported.');
  return value as Record<string, unknown>;
}

/** Python type names used in the reference's "must be a <type>" texts. */
export type PyType = 'int' | 'str' | 'dict' | 'list' | 'bool';

/** Whether `value` has the Python type the reference expects (`isinstance`: a bool is an int, as in Python). */
export function isPyType(value: unknown, type: PyType): boolean {
  switch (type) {
    case 'int':
      return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value));
    case 'str':
      return typeof value === 'string';
    case 'dict':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
    case 'bool':
      return typeof value === 'boolean';
  }
}

/** A value that passed the `int` check as a number: Python's bools are the ints 1 and 0. */
export function pyInt(value: unknown): number {
  return typeof value === 'boolean' ? Number(value) : (value as number);
}

/** Throws `The value of the "<field>" field must be a <type>.` when present with the wrong type. */
export function checkFieldType(doc: Record<string, unknown>, field: string, type: PyType): void {
  if (field in doc && !isPyType(doc[field], type)) throw badDocument(`The value of the "${field}" field must be a ${type}.`);
}
