-- Stores a batch at the tail of a queue, atomically: positions are contiguous and
-- the batch becomes visible all at once. New messages are after the claim cursor, so
-- they go to `ids` only, and their blocks to `exp` (see common.lua).
-- ARGV: base, data index key, events channel, posted notice, then per message: id,
-- expiry, end of delay ('' = none), and the message's string after its position (the
-- caller encodes it, see src/messages/message-encoding.ts). Publishes the notice once the
-- batch is stored. Returns the first position of the batch.
local base, index, channel, notice = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local count = (#ARGV - 4) / 4
local first = append_positions(base, count)
local by_seq, encoded = {}, {}
local messages, first_expires, same_expiry = base .. 'p:', ARGV[6], true
for i = 0, count - 1 do
  local at = 5 + i * 4
  local id, delayed_until = ARGV[at], ARGV[at + 2]
  -- Numbers become text through int() and expiry_score() only (see int).
  local seq_text = int(first + i)
  if delayed_until ~= '' then redis.call('ZADD', base .. 'delayed', delayed_until, id) end
  if ARGV[at + 1] ~= first_expires then same_expiry = false end
  encoded[2 * i + 1], encoded[2 * i + 2] = messages .. id, seq_text .. ' ' .. ARGV[at + 3]
  by_seq[2 * i + 1], by_seq[2 * i + 2] = seq_text, id
end
-- One MSET for the messages and one ZADD for their positions: each call has a fixed cost.
redis.call('MSET', unpack(encoded))
redis.call('ZADD', base .. 'ids', unpack(by_seq))
-- Each block the batch reaches is due by the earliest expiry of its messages here.
local last = first + count - 1
for b = expiry_block(first), expiry_block(last) do
  local lo, hi = block_positions(b)
  lo, hi = math.max(first, lo), math.min(last, hi)
  local due = tonumber(ARGV[6 + (lo - first) * 4])
  if not same_expiry then
    for seq = lo + 1, hi do due = math.min(due, tonumber(ARGV[6 + (seq - first) * 4])) end
  end
  note_expiry(base, b, due)
end
redis.call('SADD', index, base)
redis.call('PUBLISH', channel, notice)
return first
