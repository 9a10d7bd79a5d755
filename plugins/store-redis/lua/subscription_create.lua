-- Creates an unconfirmed subscription unless the subscriber already has a live one.
-- ARGV: base, now, new id, subscriber, ttl, options JSON, data index key.
-- Returns the new id, or '' when (project, queue, subscriber) already exists.
local base, now, id, subscriber = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local ttl, options, index = tonumber(ARGV[5]), ARGV[6], ARGV[7]
if subscriber_owner(base, subscriber, now) then return '' end
redis.call('HMSET', base .. 's:' .. id, 'u', subscriber, 'o', options, 'c', 0)
set_ttl(base, id, ttl, now)
redis.call('ZADD', base .. 'subs', 0, id)
redis.call('HSET', base .. 'subscribers', subscriber, id)
redis.call('SADD', index, base)
return id
