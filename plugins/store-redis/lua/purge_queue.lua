-- Deletes up to `chunk` messages of a queue; once none is left, also its claims and
-- indexes (the position counter stays, so old markers never skip new messages).
-- Called until it returns 1. ARGV: base, chunk.
local base, chunk = ARGV[1], tonumber(ARGV[2])
local ids = redis.call('ZRANGE', base .. 'ids', 0, chunk - 1)
for _, id in ipairs(ids) do
  redis.call('DEL', base .. 'p:' .. id, base .. 'm:' .. id)
  forget(base, id)
end
if #ids == chunk then return 0 end
for _, claim in ipairs(redis.call('ZRANGE', base .. 'claims', 0, -1)) do
  redis.call('DEL', base .. 'c:' .. claim, base .. 'cm:' .. claim)
end
redis.call('DEL', base .. 'claims', base .. 'ids', base .. 'free', base .. 'held', base .. 'exp', base .. 'delayed', base .. 'cursor')
return 1
