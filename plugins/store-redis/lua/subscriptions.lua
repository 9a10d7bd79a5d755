-- Helpers prepended to the subscription scripts (after common.lua).
-- A subscription hash holds: u subscriber URI, t ttl, e expires, o options (JSON text),
-- c confirmed (0/1). `B subscribers` maps each subscriber URI to its subscription id.

-- Whether subscription `id` exists and has not expired at `now`.
local function subscription_live(base, id, now)
  local expires = redis.call('HGET', base .. 's:' .. id, 'e')
  return expires and tonumber(expires) > now
end

-- Removes a subscription and its subscriber entry (when it still points to it).
local function drop_subscription(base, id, subscriber)
  if subscriber and redis.call('HGET', base .. 'subscribers', subscriber) == id then
    redis.call('HDEL', base .. 'subscribers', subscriber)
  end
  redis.call('DEL', base .. 's:' .. id)
  redis.call('ZREM', base .. 'subs', id)
end

-- Id of the live subscription using `subscriber`, or nil (a dead holder is dropped).
local function subscriber_owner(base, subscriber, now)
  local id = redis.call('HGET', base .. 'subscribers', subscriber)
  if not id then return nil end
  if subscription_live(base, id, now) then return id end
  drop_subscription(base, id, subscriber)
  return nil
end

-- Sets ttl and expiry, physically too.
local function set_ttl(base, id, ttl, now)
  redis.call('HMSET', base .. 's:' .. id, 't', ttl, 'e', now + ttl)
  redis.call('EXPIRE', base .. 's:' .. id, seconds_left(now + ttl, now))
end
