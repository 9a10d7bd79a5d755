import type { StoredMessage } from '../storage/types';

/** The pop form (`DELETE …/messages?pop=`, websocket `message_delete_many` with `pop`): no href, with the claim fields. */
export interface PopView {
  id: string;
  age: number;
  ttl: number;
  body: unknown;
  claim_id: string | null;
  claim_count: number;
  checksum?: string;
}

/** Renders a popped message (body already client-visible) in the pop form; both transports answer with it. */
export function popView(message: StoredMessage): PopView {
  const view: PopView = {
    id: message.id,
    age: message.age,
    ttl: message.ttl,
    body: message.body,
    claim_id: message.claimId,
    claim_count: message.claimCount,
  };
  if (message.checksum) view.checksum = message.checksum;
  return view;
}
