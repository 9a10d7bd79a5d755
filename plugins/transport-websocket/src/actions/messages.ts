import { isZaqarError, QueueDoesNotExist, type StoredMessage, type TransportConf } from '@zaqarjs/core';
import { checkClientId, checkQueueIdentification, idempotencyKeyOf, ParsedBody, popView, pyRepr } from '@zaqarjs/core/api';
import { CLIENT_ID_ERRORS, identificationError } from '../errors';
import { type Action, type ActionRequest, num, plainActions, str } from './action';
import { queueExists } from './queues';

const TRUE_WORDS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

/** oslo's bool_from_string, used by the reference for the unlisted `include_delayed`. */
function flag(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'boolean' ? value : TRUE_WORDS.has(String(value).trim().toLowerCase());
}

/**
 * The websocket message form: no href, the claim holding it (the reference
 * always said null outside claims; the real id is more useful).
 */
export function messageView(message: StoredMessage, claimId: string | null = message.claimId): Record<string, unknown> {
  return { id: message.id, claim_id: claimId, ttl: message.ttl, age: message.age, body: message.body };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Validates Client-ID with the reference validator's texts (only message_list and message_post check it). */
function withClientId(request: ActionRequest): ActionRequest['ctx'] {
  const clientId = checkClientId(request.clientIdHeader, request.conf.group<TransportConf>('transport'), CLIENT_ID_ERRORS);
  return { ...request.ctx, clientId };
}

const queueName = (body: Readonly<Record<string, unknown>>) => str(body, 'queue_name') as string;

/** Message actions. */
export const messageActions: Record<string, Action> = plainActions({
  async message_list(request) {
    const { body, api } = request;
    const ctx = withClientId(request);
    const listing = {
      marker: str(body, 'marker'),
      limit: num(body, 'limit'),
      echo: flag(body.echo),
      includeClaimed: flag(body.include_claimed),
      includeDelayed: flag(body.include_delayed),
    };
    const queue = queueName(body);
    try {
      const page = await api.messages.list(ctx, queue, listing);
      // A missing queue is a 404 over websocket; stores that list it as empty are asked.
      if (page.messages.length === 0 && !(await queueExists(api, ctx, queue))) throw new QueueDoesNotExist(queue, ctx.project);
      const result: Record<string, unknown> = { messages: page.messages.map((m) => messageView(m)) };
      // Additive: the marker to continue after this page.
      if (page.messages.length > 0 && page.marker !== undefined) result.marker = page.marker;
      return { status: 200, body: result };
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return { status: 404, body: { exception: error.message, error: null } };
      throw error;
    }
  },
  async message_get({ ctx, body, api }) {
    const message = await api.messages.get(ctx, queueName(body), str(body, 'message_id') as string);
    return { status: 200, body: { messages: messageView(message) } };
  },
  async message_get_many({ ctx, body, api }) {
    const messages = await api.messages.getMany(ctx, queueName(body), stringList(body.message_ids) ?? []);
    return { status: 200, body: { messages: messages.map((m) => messageView(m)) } };
  },
  async message_post(request) {
    const { body, api } = request;
    checkQueueIdentification(queueName(body), request.ctx.project, identificationError);
    const ctx = withClientId(request);
    const idempotencyKey = idempotencyKeyOf(request.headers['Idempotency-Key']);
    // The reference checks the post size against the length of the messages' Python text.
    const document = new ParsedBody({ messages: body.messages }, pyRepr(body.messages).length);
    const ids = await api.messages.post(ctx, queueName(body), document, idempotencyKey);
    return { status: 201, body: { message_ids: ids } };
  },
  async message_delete({ ctx, body, api }) {
    await api.messages.delete(ctx, queueName(body), str(body, 'message_id') as string, str(body, 'claim_id'));
    return { status: 204, body: {} };
  },
  async message_delete_many({ ctx, body, api }) {
    const request = { ids: stringList(body.message_ids), claimIds: stringList(body.claim_ids), pop: num(body, 'pop') };
    const { popped } = await api.messages.deleteMany(ctx, queueName(body), request);
    return popped ? { status: 200, body: { messages: popped.map(popView) } } : { status: 204, body: {} };
  },
});
