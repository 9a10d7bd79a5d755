import { apiErrors } from '@zaqarjs/core';
import { ParsedBody } from '@zaqarjs/core/api';
import { type Action, num, pick, str } from './action';
import { messageView } from './messages';

/** Most unacknowledged messages a claim stream may ask for. */
export const MAX_STREAM_CREDIT = 1000;
const DEFAULT_STREAM_CREDIT = 10;
const CREDIT_TEXT = `The credit of a claim stream must be an integer from 1 to ${MAX_STREAM_CREDIT}.`;

const CLAIM_FIELDS = ['ttl', 'grace'];
const queueName = (body: Readonly<Record<string, unknown>>) => str(body, 'queue_name') as string;
const claimId = (body: Readonly<Record<string, unknown>>) => str(body, 'claim_id') as string;
const missing = (body: Readonly<Record<string, unknown>>) => ({ 404: `Claim ${claimId(body)} does not exist.` });

/** The claim's ttl/grace as a document for the request layer (absent ones take the defaults there). */
const claimDocument = (body: Readonly<Record<string, unknown>>) => new ParsedBody(pick(body, CLAIM_FIELDS), 0);

/** Claim actions. */
export const claimActions: Record<string, Action> = {
  claim_create: {
    async handle({ ctx, body, api, requester }) {
      const longPoll = { wait: body.wait, signal: requester.closing };
      const claim = await api.claims.create(ctx, queueName(body), num(body, 'limit'), claimDocument(body), longPoll);
      if (!claim) return { status: 204, body: { claim_id: null } };
      return { status: 201, body: { claim_id: claim.id, messages: claim.messages.map((m) => messageView(m, claim.id)) } };
    },
  },
  claim_get: {
    summaries: missing,
    async handle({ ctx, body, api }) {
      const claim = await api.claims.get(ctx, queueName(body), claimId(body));
      return { status: 200, body: { age: claim.age, ttl: claim.ttl, messages: claim.messages.map((m) => messageView(m, claim.id)) } };
    },
  },
  claim_update: {
    summaries: missing,
    async handle({ ctx, body, api }) {
      await api.claims.update(ctx, queueName(body), claimId(body), claimDocument(body));
      return { status: 204, body: `Claim ${claimId(body)} updated.` };
    },
  },
  claim_stream: {
    // 201: the stream runs; claimed messages follow as push frames (README, "Claim stream").
    async handle({ ctx, body, api, requester, binary }) {
      const { ttl, grace } = api.claims.checkedOptions(claimDocument(body));
      const credit = num(body, 'credit') ?? DEFAULT_STREAM_CREDIT;
      if (!(credit >= 1 && credit <= MAX_STREAM_CREDIT)) throw apiErrors.badRequest(CREDIT_TEXT);
      if (!requester.streamClaims) throw apiErrors.badRequest('This connection cannot stream claims.');
      const options = { queue: queueName(body), ttl, grace, credit };
      requester.streamClaims(ctx, options, binary);
      return { status: 201, body: { queue_name: options.queue, ttl, grace, credit } };
    },
  },
  claim_delete: {
    async handle({ ctx, body, api }) {
      await api.claims.delete(ctx, queueName(body), claimId(body));
      return { status: 204, body: `Claim ${claimId(body)} deleted.` };
    },
  },
};
