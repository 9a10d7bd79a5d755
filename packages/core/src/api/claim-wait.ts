import { apiErrors } from '../errors/api-error';

/** Longest long-poll a claim request may ask for (SQS's bound). */
export const MAX_CLAIM_WAIT_SECONDS = 20;

const WAIT_TEXT = `The "wait" parameter is invalid. The value must be a number of seconds greater than 0 and at most ${MAX_CLAIM_WAIT_SECONDS}.`;

/**
 * The long-poll of a claim request in ms (`?wait=N` over HTTP, a number or
 * numeric string in the websocket body), or undefined when absent; 400
 * Invalid parameter unless 0 < N <= 20 seconds.
 */
export function claimWaitMs(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds > 0 && seconds <= MAX_CLAIM_WAIT_SECONDS)) throw apiErrors.invalidParam(WAIT_TEXT);
  return Math.round(seconds * 1000);
}
