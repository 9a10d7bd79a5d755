-- Claims free messages, oldest first, atomically. Called again with the same claim id
-- to continue after `after` when the scan budget ran out before the limit.
-- ARGV: base, now, after, limit (still to take), budget, claim id, claim ttl, grace,
--       dead-letter queue base ('' = no policy), max claim count, dead-letter ttl (-1 = keep),
--       data index key.
-- Messages at or over the max claim count are moved to the dead-letter queue's tail
-- (unclaimed, claim count kept) instead of being claimed; they count against the limit.
-- A claimed message that would expire before the claim is extended to claim ttl + grace,
-- (see common.lua on Redis expiry of message hashes). Returns {last, done, taken, records...}.
local base, now, after = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local limit, budget, claim = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local ttl, grace = tonumber(ARGV[7]), tonumber(ARGV[8])
local dlq, max_count, dlq_ttl, index = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local claim_expires = now + ttl
local out, taken, claimed = {}, 0, 0

local function move_to_dead_letter(id, v)
  local seq = append_positions(dlq, 1)
  local target = dlq .. 'm:' .. id
  forget(base, id)
  redis.call('RENAME', base .. 'm:' .. id, target)
  local expires = tonumber(v[E])
  if dlq_ttl >= 0 then
    expires = now + dlq_ttl
    redis.call('HMSET', target, 't', dlq_ttl, 'e', expires)
    redis.call('PERSIST', target)
  end
  redis.call('HMSET', target, 's', seq, 'c', '', 'ce', 0)
  redis.call('ZADD', dlq .. 'ids', seq, id)
  redis.call('ZADD', dlq .. 'exp', expiry_score(expires, seq), id)
  redis.call('SADD', index, dlq)
end

local function take(id, v)
  local key = base .. 'm:' .. id
  local count = tonumber(v[CC])
  if dlq ~= '' then count = count + 1 end
  v[C], v[CE], v[CC] = claim, claim_expires, count
  redis.call('HMSET', key, 'c', claim, 'ce', claim_expires, 'cc', count)
  if tonumber(v[E]) < claim_expires then
    v[T], v[E] = ttl + grace, claim_expires + grace
    redis.call('HMSET', key, 't', v[T], 'e', v[E])
    redis.call('PERSIST', key)
    redis.call('ZADD', base .. 'exp', expiry_score(v[E], v[S]), id)
  end
  redis.call('ZADD', base .. 'cm:' .. claim, v[S], id)
  redis.call('ZREM', base .. 'free', id)
  redis.call('ZADD', base .. 'held', claim_expires, id)
  push_record(out, id, v)
  claimed = claimed + 1
end

return_lapsed(base, now)
local last, done = walk_free(base, now, after, budget, limit, function(id, v)
  if holder(v, now) or tonumber(v[D]) > now then return true end
  taken = taken + 1
  if dlq ~= '' and tonumber(v[CC]) >= max_count then move_to_dead_letter(id, v) else take(id, v) end
  return taken < limit
end, true)

if claimed > 0 then
  redis.call('HMSET', base .. 'c:' .. claim, 't', ttl, 'e', claim_expires)
  redis.call('EXPIRE', base .. 'c:' .. claim, seconds_left(claim_expires, now))
  redis.call('EXPIRE', base .. 'cm:' .. claim, seconds_left(claim_expires, now))
  redis.call('ZADD', base .. 'claims', claim_expires, claim)
end
table.insert(out, 1, taken)
table.insert(out, 1, done)
table.insert(out, 1, last)
return out
