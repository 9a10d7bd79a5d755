-- Counts of a queue at `now` (expired messages excluded) and its oldest and newest
-- unexpired messages. Expired ids met at either end are dropped on the way.
-- ARGV: base, now.
-- Returns {total, claimed, delayed, oldest id, oldest created, newest id, newest created}
-- ('' ids when the queue is empty).
local base, now = ARGV[1], tonumber(ARGV[2])
local above_now = '(' .. now
-- `exp` scores carry a fraction (common.lua, expiry_score): unexpired means a score >= now + 1.
local total = redis.call('ZCOUNT', base .. 'exp', now + 1, '+inf')
local claimed = redis.call('ZCOUNT', base .. 'held', above_now, '+inf')
local delayed = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. 'delayed', above_now, '+inf')) do
  local expires = redis.call('ZSCORE', base .. 'exp', id)
  if expires and math.floor(tonumber(expires)) > now then delayed = delayed + 1 end
end

-- First unexpired message from one end (ZRANGE from the head, ZREVRANGE from the tail).
local function edge(command)
  while true do
    local batch = redis.call(command, base .. 'ids', 0, 99)
    if #batch == 0 then return '', '' end
    for _, id in ipairs(batch) do
      local v = read_message(base, id)
      if v and tonumber(v[E]) > now then return id, v[CR] end
      drop_message(base, id, v)
    end
  end
end

local oldest, oldest_created = '', ''
local newest, newest_created = '', ''
if total > 0 then
  oldest, oldest_created = edge('ZRANGE')
  newest, newest_created = edge('ZREVRANGE')
end
return {total, claimed, delayed, oldest, oldest_created, newest, newest_created}
