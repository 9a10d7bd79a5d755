-- Garbage collection of one queue: removes the expired messages of the `exp` entries due
-- (reading at most about `batch` messages), up to `batch` expired claims (releasing what they
-- still mark) and the expired subscriptions; forgets the queue in the data index once it
-- holds nothing.
-- ARGV: base, now, batch, data index key.
-- Returns {messages removed, claims removed, subscriptions removed, 1 when more is left}.
local base, now, batch, index = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local messages, claims_removed, subscriptions, more = 0, 0, 0, 0

-- Due: a score below now + 1 (`exp` scores carry a fraction, see expiry_score). An entry
-- is a lower bound (common.lua): what is still alive gets its next due time.
local exp = base .. 'exp'
local due = redis.call('ZRANGEBYSCORE', exp, '-inf', '(' .. int(now + 1), 'LIMIT', 0, batch)
local read = 0

-- The message `id` (as read_message returns it) and its expiry if it has not expired; else
-- drops it and returns nil.
local function unexpired(id)
  local v = read_message(base, id)
  read = read + 1
  local expires = v and tonumber(v[E])
  if expires and expires > now then return v, expires end
  remove_message(base, id, v)
  messages = messages + 1
  return nil
end

for _, member in ipairs(due) do
  if read >= batch then
    more = 1
    break
  end
  local b = block_of_member(member)
  if b then
    local lo, hi = block_positions(b)
    local next_due
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. 'ids', int(lo), int(hi))) do
      local _, expires = unexpired(id)
      if expires and (not next_due or expires < next_due) then next_due = expires end
    end
    if next_due then
      redis.call('ZADD', exp, expiry_score(next_due, b), member)
    else
      redis.call('ZREM', exp, member)
    end
  else
    -- An earlier version's entry: one message, which a claim may have extended since, or
    -- deleted (forget leaves such entries to this).
    local v = unexpired(member)
    if v then
      redis.call('ZADD', exp, expiry_score(v[E], v[S]), member)
    else
      redis.call('ZREM', exp, member)
    end
  end
end
if #due == batch then more = 1 end
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
-- Entries of a queue without messages can only be stale (a message that vanished, see walk).
if empty('ids') then redis.call('DEL', exp) end
if empty('ids') and empty('claims') and empty('subs') then
  redis.call('SREM', index, base)
end
return {messages, claims_removed, subscriptions, more}
