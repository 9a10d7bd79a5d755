-- Garbage collection of one queue: removes up to `batch` expired
-- messages and expired claims (releasing what they still mark) and the expired
-- subscriptions; forgets the queue in the data index once it holds nothing.
-- ARGV: base, now, batch, data index key.
-- Returns {messages removed, claims removed, subscriptions removed, 1 when more is left}.
local base, now, batch, index = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local messages, claims_removed, subscriptions, more = 0, 0, 0, 0

-- Expired: a score below now + 1 (`exp` scores carry a fraction, see expiry_score).
local expired = redis.call('ZRANGEBYSCORE', base .. 'exp', '-inf', '(' .. (now + 1), 'LIMIT', 0, batch)
for _, id in ipairs(expired) do
  drop_message(base, id, read_message(base, id))
  messages = messages + 1
end
if #expired == batch then more = 1 end
redis.call('ZREMRANGEBYSCORE', base .. 'delayed', '-inf', now)

local claims = redis.call('ZRANGEBYSCORE', base .. 'claims', '-inf', now, 'LIMIT', 0, batch)
for _, claim in ipairs(claims) do
  release_claim(base, claim)
  claims_removed = claims_removed + 1
end
return_lapsed(base, now)
if #claims == batch then more = 1 end

-- A live subscription is reachable from its subscriber's entry; anything else is dead.
local live = {}
local entries = redis.call('HGETALL', base .. 'subscribers')
for i = 1, #entries, 2 do
  local id = entries[i + 1]
  local expires = redis.call('HGET', base .. 's:' .. id, 'e')
  if expires and tonumber(expires) > now then
    live[id] = true
  else
    redis.call('HDEL', base .. 'subscribers', entries[i])
  end
end
for _, id in ipairs(redis.call('ZRANGE', base .. 'subs', 0, -1)) do
  if not live[id] then
    redis.call('DEL', base .. 's:' .. id)
    redis.call('ZREM', base .. 'subs', id)
    subscriptions = subscriptions + 1
  end
end

local function empty(suffix) return redis.call('EXISTS', base .. suffix) == 0 end
if empty('ids') and empty('claims') and empty('subs') then
  redis.call('SREM', index, base)
end
return {messages, claims_removed, subscriptions, more}
