-- Counts of a queue at `now` (expired messages excluded) and its oldest and newest
-- unexpired messages. The caller collects the queue's expired messages first, at the same
-- `now` (src/messages/message-controller.ts): `exp` cannot count messages (common.lua), so
-- the total is the size of `ids`. Expired ids met at either end are dropped on the way.
-- ARGV: base, now.
-- Returns {total, claimed, delayed, oldest id, oldest created, newest id, newest created}
-- ('' ids when the queue is empty).
local base, now = ARGV[1], tonumber(ARGV[2])
local above_now = '(' .. int(now)
local total = redis.call('ZCARD', base .. 'ids')
local claimed = redis.call('ZCOUNT', base .. 'held', above_now, '+inf')
local delayed = redis.call('ZCOUNT', base .. 'delayed', above_now, '+inf')

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
