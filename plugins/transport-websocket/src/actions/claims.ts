import { ParsedBody } from '@zaqarjs/core/api';
import { type Action, num, pick, str } from './action';
import { messageView } from './messages';

const CLAIM_FIELDS = ['ttl', 'grace'];
const queueName = (body: Readonly<Record<string, unknown>>) => str(body, 'queue_name') as string;
const claimId = (body: Readonly<Record<string, unknown>>) => str(body, 'claim_id') as string;
const missing = (body: Readonly<Record<string, unknown>>) => ({ 404: `Claim ${claimId(body)} does not exist.` });

/** The claim's ttl/grace as a document for the request layer (absent ones take the defaults there). */
const claimDocument = (body: Readonly<Record<string, unknown>>) => new ParsedBody(pick(body, CLAIM_FIELDS), 0);

/** Claim actions. */
export const claimActions: Record<string, Action> = {
  claim_create: {
    async handle({ ctx, body, api }) {
      const claim = await api.claims.create(ctx, queueName(body), num(body, 'limit'), claimDocument(body));
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
  claim_delete: {
    async handle({ ctx, body, api }) {
      await api.claims.delete(ctx, queueName(body), claimId(body));
      return { status: 204, body: `Claim ${claimId(body)} deleted.` };
    },
  },
};
