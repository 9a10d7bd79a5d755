-- Stores a batch at the tail of a queue, atomically: positions are contiguous and
-- the batch becomes visible all at once. New messages are after the claim cursor, so
-- they go to `ids` and `exp` only (see common.lua).
-- ARGV: base, now, client id, data index key, events channel, posted notice, then per
-- message: id, ttl, delay, body, checksum. Publishes the notice once the batch is stored.
-- Returns the first position of the batch.
local base, now_text, client, index, channel, notice = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local now = tonumber(now_text)
local count = (#ARGV - 6) / 5
local first = append_positions(base, count)
local messages, ids, exp = base .. 'p:', base .. 'ids', base .. 'exp'
local client_length = ' ' .. int(#client) .. ' '
local by_seq, by_expiry, encoded = {}, {}, {}
-- Numbers become text through int() and expiry_score() only (see int in common.lua).
for i = 0, count - 1 do
  local at = 7 + i * 5
  local id, ttl_text, delay, checksum = ARGV[at], ARGV[at + 1], tonumber(ARGV[at + 2]), ARGV[at + 4]
  local seq = first + i
  local seq_text, expires = int(seq), now + tonumber(ttl_text)
  local delayed_until = now_text
  if delay > 0 then
    delayed_until = int(now + delay)
    redis.call('ZADD', base .. 'delayed', delayed_until, id)
  end
  -- encode_message (common.lua) of {seq, body, ttl, now, expires, client, '', 0, 0, now + delay, checksum},
  -- inline: calling it (a table and eleven int() per message) cost 23 % more of Redis's
  -- instructions per post (callgrind, 5,000 ten-message posts).
  encoded[2 * i + 1] = messages .. id
  encoded[2 * i + 2] = seq_text .. ' ' .. ttl_text .. ' ' .. now_text .. ' ' .. int(expires) .. '  0 0 ' .. delayed_until .. ' ' ..
    int(#checksum) .. client_length .. checksum .. client .. ARGV[at + 3]
  by_seq[2 * i + 1], by_seq[2 * i + 2] = seq_text, id
  by_expiry[2 * i + 1], by_expiry[2 * i + 2] = expiry_score(expires, seq), id
end
-- One MSET for the messages and one ZADD per index for the whole batch: each call has a
-- fixed cost of its own.
redis.call('MSET', unpack(encoded))
redis.call('ZADD', ids, unpack(by_seq))
redis.call('ZADD', exp, unpack(by_expiry))
redis.call('SADD', index, base)
redis.call('PUBLISH', channel, notice)
return first
