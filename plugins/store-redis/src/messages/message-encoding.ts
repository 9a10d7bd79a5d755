import type { NewMessage } from '@zaqarjs/core';
import { encodeJson } from '../util/codec';

/** What the post script (lua/post_messages.lua) takes per message, in ARGV order. */
export type PostedMessageArgs = [id: string, expires: string, delayedUntil: string, tail: string];

/**
 * A new message's arguments for the post script. `tail` is the message's string
 * (lua/common.lua, encode_message) after its position, which only the script can assign:
 * building it here instead of in Lua took about a quarter of a ten-message post's Redis time
 * off (with the shared `exp` entry, see common.lua). Times are whole seconds of `now`.
 */
export function postedMessageArgs(id: string, message: NewMessage, now: number, clientId: string): PostedMessageArgs {
  const expires = String(Math.trunc(now + message.ttl));
  const delay = Math.max(0, message.delay || 0);
  const delayedUntil = delay > 0 ? String(Math.trunc(now + delay)) : '';
  const checksum = message.checksum ?? '';
  // Fields: t cr e c ce cc d, the byte lengths of checksum and client id, then checksum, client id, body.
  const tail =
    `${message.ttl} ${now} ${expires}  0 0 ${delayedUntil || now} ` +
    `${Buffer.byteLength(checksum)} ${Buffer.byteLength(clientId)} ${checksum}${clientId}${encodeJson(message.body)}`;
  return [id, expires, delayedUntil, tail];
}
