-- Claims free messages, oldest first, atomically. Called again with the same claim id
-- to continue after `after` when the scan budget ran out before the limit.
-- ARGV: base, now, after, limit (still to take), budget, claim id, claim ttl, grace,
--       dead-letter queue base ('' = no policy), max claim count, dead-letter ttl (-1 = keep),
--       data index key.
-- Messages at or over the max claim count are moved to the dead-letter queue's tail
-- (unclaimed, claim count kept) instead of being claimed; they count against the limit.
-- A claimed message that would expire before the claim is extended to claim ttl + grace,
-- (messages carry no Redis expiry, see common.lua). Returns {last, done, taken, records...}.
local base, now, after = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local limit, budget, claim = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local ttl, grace = tonumber(ARGV[7]), tonumber(ARGV[8])
local dlq, max_count, dlq_ttl, index = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local claim_expires = now + ttl
local claim_expires_text = int(claim_expires)
local out, taken, claimed = {}, 0, 0

local function move_to_dead_letter(id, v)
  local seq = append_positions(dlq, 1)
  drop_message(base, id, v)
  v.legacy = nil
  if dlq_ttl >= 0 then v[T], v[E] = dlq_ttl, now + dlq_ttl end
  v[S], v[C], v[CE] = seq, '', 0
  write_message(dlq, id, v)
  redis.call('ZADD', dlq .. 'ids', seq, id)
  note_expiry(dlq, expiry_block(seq), tonumber(v[E]))
  redis.call('SADD', index, dlq)
end

local function take(id, v)
  local count = tonumber(v[CC])
  if dlq ~= '' then count = count + 1 end
  v[C], v[CE], v[CC] = claim, claim_expires, count
  -- `exp` already holds an earlier due time for it (see common.lua).
  if tonumber(v[E]) < claim_expires then v[T], v[E] = ttl + grace, claim_expires + grace end
  write_message(base, id, v)
  redis.call('ZADD', base .. 'cm:' .. claim, v[S], id)
  redis.call('ZREM', base .. 'free', id)
  redis.call('ZADD', base .. 'held', claim_expires_text, id)
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
