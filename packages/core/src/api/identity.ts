import { ApiError, apiErrors } from '../errors/api-error';
import type { TransportConf } from '../config/options';

const UUID_FORMS = [/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i];
const QUEUE_NAME = /^[a-zA-Z0-9_.-]+$/;
const MAX_NAME = 64;
const MAX_PROJECT = 256;

/** Canonical lowercase 8-4-4-4-12 form of anything Python's uuid.UUID() accepts, or undefined. */
export function canonicalUuid(value: string): string | undefined {
  let text = value.trim();
  if (/^urn:uuid:/i.test(text)) text = text.slice(9);
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (!UUID_FORMS.some((re) => re.test(text))) return undefined;
  const hex = text.replace(/-/g, '').toLowerCase();
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * How a refused Client-ID is worded. The rule is the same for every transport;
 * the texts are not (HTTP: `Malformed hexadecimal UUID.`; websocket: the
 * reference's validator texts).
 */
export interface ClientIdErrors {
  /** Not a UUID (`client_id_uuid_safe = strict`). */
  malformed(): ApiError;
  /** Length outside [min, max] (`client_id_uuid_safe = off`). */
  badLength(min: number, max: number): ApiError;
}

function malformedUuid(): ApiError {
  return new ApiError(400, 'Wrong UUID value', 'Malformed hexadecimal UUID.');
}

const HTTP_CLIENT_ID_ERRORS: ClientIdErrors = { malformed: malformedUuid, badLength: malformedUuid };

/** Validates the Client-ID header per `[transport] client_id_uuid_safe`; returns the value to store. */
export function checkClientId(value: string | undefined, conf: TransportConf, errors: ClientIdErrors = HTTP_CLIENT_ID_ERRORS): string {
  if (value === undefined) throw new ApiError(400, 'Missing header value', 'The "Client-Id" header is required.');
  if (conf.client_id_uuid_safe === 'off') {
    if (value.length < conf.min_length_client_id || value.length > conf.max_length_client_id) {
      throw errors.badLength(conf.min_length_client_id, conf.max_length_client_id);
    }
    return value;
  }
  const uuid = canonicalUuid(value);
  if (!uuid) throw errors.malformed();
  return uuid;
}

/** Validates the X-Project-ID header (absent vs empty are different errors). */
export function checkProject(value: string | undefined): string {
  if (value === undefined) throw new ApiError(400, 'Project-Id Missing', 'The header X-PROJECT-ID was missing');
  if (value === '')
    throw new ApiError(400, 'Empty project header not allowed', 'X-PROJECT-ID cannot be an empty string. Specify the right header X-PROJECT-ID and retry.');
  return value;
}

/** Whether a queue/topic name is valid (regex and length). */
export function isValidQueueName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME && QUEUE_NAME.test(name);
}

/** Which identification rule a queue name / project pair breaks, in the reference's check order. */
export type IdentificationProblem = 'project-too-long' | 'name-too-long' | 'name-charset';

/** The first broken identification rule, or undefined when name and project are acceptable. */
export function identificationProblem(name: string, project: string): IdentificationProblem | undefined {
  if (project.length > MAX_PROJECT) return 'project-too-long';
  if (name.length > MAX_NAME) return 'name-too-long';
  return isValidQueueName(name) ? undefined : 'name-charset';
}

/** Limits named by the reference's per-rule identification texts (websocket wording). */
export const IDENTIFICATION_LIMITS = Object.freeze({ maxName: MAX_NAME, maxProject: MAX_PROJECT });

/**
 * 400 Invalid queue identification for a bad queue name or an over-long
 * project id; `describe` words the error per broken rule instead (websocket).
 */
export function checkQueueIdentification(name: string, project: string, describe?: (problem: IdentificationProblem) => ApiError): void {
  const problem = identificationProblem(name, project);
  if (problem === undefined) return;
  if (describe) throw describe(problem);
  throw new ApiError(400, 'Invalid queue identification', 'The format of the submitted queue name or project id is not valid.');
}

/** Same for topics. */
export function checkTopicIdentification(name: string, project: string): void {
  if (!isValidQueueName(name) || project.length > MAX_PROJECT) {
    throw new ApiError(400, 'Invalid topic identification', 'The format of the submitted topic name or project id is not valid.');
  }
}

export { apiErrors };

/**
 * The form a store keeps a poster's Client-ID in: canonical UUID text when it parses as one
 * (as the reference compares them), otherwise verbatim (client_id_uuid_safe = off).
 */
export function canonicalClientId(clientId: string): string {
  return canonicalUuid(clientId) ?? clientId;
}
