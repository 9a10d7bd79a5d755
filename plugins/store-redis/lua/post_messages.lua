-- Stores a batch at the tail of a queue, atomically: positions are contiguous and
-- the batch becomes visible all at once.
-- ARGV: base, now, client id, data index key, then per message: id, ttl, delay, body, checksum.
-- Returns the first position of the batch.
local base, now, client, index = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local count = (#ARGV - 4) / 5
local first = redis.call('INCRBY', base .. 'seq', count) - count + 1
for i = 0, count - 1 do
  local at = 5 + i * 5
  local id, ttl, delay = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  local key, seq, expires = base .. 'm:' .. id, first + i, now + ttl
  redis.call('HMSET', key, 's', seq, 'b', ARGV[at + 3], 't', ttl, 'cr', now, 'e', expires, 'u', client,
    'c', '', 'ce', 0, 'cc', 0, 'd', now + delay, 'cs', ARGV[at + 4])
  redis.call('EXPIRE', key, seconds_left(expires, now))
  redis.call('ZADD', base .. 'ids', seq, id)
  redis.call('ZADD', base .. 'free', seq, id)
  redis.call('ZADD', base .. 'exp', expires, id)
  if delay > 0 then redis.call('ZADD', base .. 'delayed', now + delay, id) end
end
redis.call('SADD', index, base)
return first
