-- Stores a batch at the tail of a queue, atomically: positions are contiguous and
-- the batch becomes visible all at once. New messages are after the claim cursor, so
-- they go to `ids` and `exp` only (see common.lua).
-- ARGV: base, now, client id, data index key, events channel, posted notice, then per
-- message: id, ttl, delay, body, checksum. Publishes the notice once the batch is stored.
-- Returns the first position of the batch.
local base, now, client, index, channel, notice = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local count = (#ARGV - 6) / 5
local first = append_positions(base, count)
local messages, ids, exp = base .. 'm:', base .. 'ids', base .. 'exp'
local by_seq, by_expiry = {}, {}
for i = 0, count - 1 do
  local at = 7 + i * 5
  local id, ttl, delay, checksum = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), ARGV[at + 4]
  local key, seq, expires = messages .. id, first + i, now + ttl
  -- Only fields that differ from their defaults (see common.lua): a smaller hash, a cheaper write.
  redis.call('HSET', key, 's', seq, 'b', ARGV[at + 3], 't', ttl, 'cr', now, 'e', expires, 'u', client)
  if delay > 0 or checksum ~= '' then redis.call('HSET', key, 'd', now + delay, 'cs', checksum) end
  by_seq[2 * i + 1], by_seq[2 * i + 2] = seq, id
  by_expiry[2 * i + 1], by_expiry[2 * i + 2] = expiry_score(expires, seq), id
  if delay > 0 then redis.call('ZADD', base .. 'delayed', now + delay, id) end
end
-- One ZADD per index for the whole batch: each call has a fixed cost of its own.
redis.call('ZADD', ids, unpack(by_seq))
redis.call('ZADD', exp, unpack(by_expiry))
redis.call('SADD', index, base)
redis.call('PUBLISH', channel, notice)
return first
