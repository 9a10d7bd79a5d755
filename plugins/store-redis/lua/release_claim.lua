-- Ends a claim at once: its messages become free and its records go. Idempotent.
-- ARGV: base, claim id.
local base, claim = ARGV[1], ARGV[2]
local members = base .. 'cm:' .. claim
for _, id in ipairs(redis.call('ZRANGE', members, 0, -1)) do
  local key = base .. 'm:' .. id
  if redis.call('HGET', key, 'c') == claim then redis.call('HMSET', key, 'c', '', 'ce', 0) end
end
redis.call('DEL', base .. 'c:' .. claim, members)
redis.call('ZREM', base .. 'claims', claim)
return 1
