-- One slice of a listing: filters are applied before the limit.
-- ARGV: base, now, after (position), limit, budget, include claimed (1/0),
--       include delayed (1/0), echo (1/0), client id.
-- Returns {last position read, 1 when the queue's end was reached, records...}.
local base, now, after = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local limit, budget = tonumber(ARGV[4]), tonumber(ARGV[5])
local claimed, delayed, echo, client = ARGV[6] == '1', ARGV[7] == '1', ARGV[8] == '1', ARGV[9]
local out, found = {}, 0
local function visit(id, v)
  if not claimed and holder(v, now) then return true end
  if not delayed and tonumber(v[D]) > now then return true end
  if not echo and v[U] == client then return true end
  push_record(out, id, v)
  found = found + 1
  return found < limit
end
local last, done
if claimed then
  last, done = walk(base, 'ids', now, after, budget, limit, visit)
else
  return_lapsed(base, now)
  last, done = walk_free(base, now, after, budget, limit, visit, false)
end
table.insert(out, 1, done)
table.insert(out, 1, last)
return out
