import { ApiError, apiErrors } from '../errors/api-error';
import type { QueueMetadata } from '../storage/types';
import { pyRepr } from './py-repr';
import { RESERVED_METADATA_KEYS } from './queue-metadata';

/**
 * Queue/topic metadata PATCH: the draft-10 JSON-patch subset the
 * reference accepts, validated in its order with its texts, and applied
 * all-or-nothing to a copy of the stored metadata.
 */

/** The media type PATCH requires, exactly (no parameters). */
export const JSON_PATCH_MEDIA_TYPE = 'application/openstack-messaging-v2.0-json-patch';

const OPERATIONS = ['add', 'remove', 'replace'] as const;
type Operation = (typeof OPERATIONS)[number];
const AVAILABLE = OPERATIONS.join(', ');

/** One validated operation on a top-level metadata key. */
export interface MetadataChange {
  op: Operation;
  key: string;
  value?: unknown;
}

/** Python's `str()` of a value, as `%s` formatting renders it. */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function invalid(description: string): ApiError {
  return apiErrors.invalidBody(description);
}

/** The reference's limited JSON-pointer checks, then the unescaped, trimmed segments. */
function decodePointer(pointer: unknown): string[] {
  const text = typeof pointer === 'string' ? pointer : pythonStr(pointer);
  if (!text.startsWith('/')) throw invalid(`Pointer \`${text}\` does not start with "/".`);
  if (/\/\s*?\//.test(text.slice(1))) throw invalid(`Pointer \`${text}\` contains adjacent "/".`);
  if (text.length > 1 && text.endsWith('/')) throw invalid(`Pointer \`${text}\` end with "/".`);
  if (text.slice(1).trim() === '/') throw invalid(`Pointer \`${text}\` does not contains valid token.`);
  if (/~[^01]/.test(text) || text.endsWith('~')) {
    throw invalid(`Pointer \`${text}\` contains "~" not part of a recognized escape sequence.`);
  }
  return text
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

function parseOperation(raw: unknown): MetadataChange {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('Operations must be JSON objects.');
  const change = raw as Record<string, unknown>;
  const op = change.op;
  if (op === null || op === undefined) {
    throw invalid(`Unable to find \`op\` in JSON Schema change. It must be one of the following: ${AVAILABLE}.`);
  }
  if (!OPERATIONS.includes(op as Operation)) {
    throw invalid(`Invalid operation: \`${pythonStr(op)}\`. It must be one of the following: ${AVAILABLE}.`);
  }
  if (!('path' in change)) throw invalid("Unable to find 'path' in JSON Schema change");
  const path = decodePointer(change.path);
  if (path.length !== 2) throw invalid(`Invalid JSON pointer for this resource: '/${path.join('/')}, e.g /metadata/key'`);
  const parsed: MetadataChange = { op: op as Operation, key: path[1] };
  if (op !== 'remove') {
    if (!('value' in change)) throw invalid(`Operation "${op}" requires a member named "value".`);
    parsed.value = change.value;
    if (path[0].toLowerCase() !== 'metadata') throw invalid('The root of path must be metadata, e.g /metadata/key.');
  }
  return parsed;
}

/** Validates a PATCH document (must be an array of operation objects). */
export function parseMetadataPatch(document: unknown): MetadataChange[] {
  if (!Array.isArray(document)) throw invalid('Request body must be a JSON array of operation objects.');
  return document.map(parseOperation);
}

const RESERVED = new Set<string>(RESERVED_METADATA_KEYS);

/** Sets an own property (also for a key named `__proto__`, which plain assignment would treat as the prototype). */
function setKey(metadata: QueueMetadata, key: string, value: unknown): void {
  Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies the changes to a copy of `stored`; 409 for replace/remove of a missing non-reserved key. */
export function applyMetadataPatch(stored: QueueMetadata, changes: readonly MetadataChange[]): QueueMetadata {
  const metadata: QueueMetadata = { ...stored };
  for (const { op, key, value } of changes) {
    const present = Object.prototype.hasOwnProperty.call(metadata, key);
    if (op === 'add') setKey(metadata, key, value);
    else if (op === 'replace') {
      if (!present && !RESERVED.has(key)) throw apiErrors.conflict(`Can't replace non-existent object ${key}.`);
      setKey(metadata, key, value);
    } else if (present) delete metadata[key];
    else if (!RESERVED.has(key)) throw apiErrors.conflict(`Can't remove non-existent object ${key}.`);
  }
  return metadata;
}
