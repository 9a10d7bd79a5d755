-- Updates a live subscription. A ttl change restarts its lifetime.
-- ARGV: base, now, id, then name/value pairs among 'subscriber', 'ttl', 'options'.
-- Returns 'ok', 'missing' or 'exists' (the new subscriber is used by another one).
local base, now, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local key = base .. 's:' .. id
if not subscription_live(base, id, now) then return 'missing' end
local changes = {}
for i = 4, #ARGV, 2 do changes[ARGV[i]] = ARGV[i + 1] end
local current = redis.call('HGET', key, 'u')
local subscriber = changes['subscriber']
if subscriber and subscriber ~= current then
  local owner = subscriber_owner(base, subscriber, now)
  if owner and owner ~= id then return 'exists' end
  if redis.call('HGET', base .. 'subscribers', current) == id then redis.call('HDEL', base .. 'subscribers', current) end
  redis.call('HSET', base .. 'subscribers', subscriber, id)
  redis.call('HSET', key, 'u', subscriber)
end
if changes['options'] then redis.call('HSET', key, 'o', changes['options']) end
if changes['ttl'] then set_ttl(base, id, tonumber(changes['ttl']), now) end
return 'ok'
