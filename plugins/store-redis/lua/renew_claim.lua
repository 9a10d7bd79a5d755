-- Renews a live claim: expiry := now + ttl on the claim and its messages, and the ttl
-- extension applied again with the new values.
-- ARGV: base, now, claim id, ttl, grace. Returns 0 when the claim does not exist or has expired.
local base, now, claim = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local ttl, grace = tonumber(ARGV[4]), tonumber(ARGV[5])
local claim_key, members = base .. 'c:' .. claim, base .. 'cm:' .. claim
local current = redis.call('HGET', claim_key, 'e')
if not current or tonumber(current) <= now then return 0 end
local expires = now + ttl
local expires_text = int(expires)
redis.call('HMSET', claim_key, 't', ttl, 'e', expires)
redis.call('EXPIRE', claim_key, seconds_left(expires, now))
redis.call('EXPIRE', members, seconds_left(expires, now))
redis.call('ZADD', base .. 'claims', expires, claim)
for _, id in ipairs(redis.call('ZRANGE', members, 0, -1)) do
  local v = read_message(base, id)
  if v and v[C] == claim and tonumber(v[E]) > now then
    v[CE] = expires
    redis.call('ZADD', base .. 'held', expires_text, id)
    -- `exp` already holds an earlier due time for it (see common.lua).
    if tonumber(v[E]) < expires then v[T], v[E] = ttl + grace, expires + grace end
    write_message(base, id, v)
  else
    redis.call('ZREM', members, id)
  end
end
return 1
