import { apiErrors } from '../errors/api-error';
import { type DocumentFault, findDocumentFault, MAX_DOCUMENT_DEPTH } from '../util/document-walk';
import { parseExactJson } from '../util/exact-json';

/** Strict UTF-8: bad bytes throw instead of becoming U+FFFD (one decoder serves every request). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The description of a refused document, per fault (shared by both transports). */
export const DOCUMENT_FAULT_TEXT: Readonly<Record<DocumentFault, string>> = {
  'too-deep': `JSON nests deeper than ${MAX_DOCUMENT_DEPTH} levels of arrays and objects.`,
  'integer-too-large': 'JSON contains integer that is too large.',
  'number-too-large': 'JSON contains a number that is too large.',
};

/**
 * Parses a request body the way the reference does: the top level must be an
 * object or array, integers must fit in 64 bits (and are kept exact, see
 * util/exact-json.ts), bad UTF-8 or syntax is a 400. Beyond the reference,
 * nesting is bounded (MAX_DOCUMENT_DEPTH) and numbers must be finite.
 */
export function parseJsonDocument(bytes: Buffer | string): unknown {
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw apiErrors.invalidBody('Request body could not be parsed.');
    }
  }
  let value: unknown;
  try {
    value = parseExactJson(text);
  } catch {
    throw apiErrors.invalidBody('Request body could not be parsed.');
  }
  if (value === null || typeof value !== 'object') throw apiErrors.invalidBody('Request body could not be parsed.');
  const fault = findDocumentFault(value);
  if (fault) throw apiErrors.invalidBody(DOCUMENT_FAULT_TEXT[fault]);
  return value;
}
