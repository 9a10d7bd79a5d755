-- A live claim and the unexpired messages it still holds, in queue order.
-- ARGV: base, now, claim id. Returns {} when the claim does not exist or has expired,
-- else {ttl, expires, records...}.
local base, now, claim = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local c = redis.call('HMGET', base .. 'c:' .. claim, 't', 'e')
if not c[1] or tonumber(c[2]) <= now then return {} end
local out = {c[1], c[2]}
for _, id in ipairs(redis.call('ZRANGE', base .. 'cm:' .. claim, 0, -1)) do
  local v = read_message(base, id)
  if v and v[C] == claim and tonumber(v[E]) > now then
    push_record(out, id, v)
  else
    redis.call('ZREM', base .. 'cm:' .. claim, id)
  end
end
return out
