-- Removes and returns free (unclaimed, undelayed) messages, oldest first.
-- ARGV: base, now, after (position), limit, budget.
-- Returns {last position read, 1 when the queue's end was reached, records...}.
local base, now, after = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local limit, budget = tonumber(ARGV[4]), tonumber(ARGV[5])
local out, found = {}, 0
return_lapsed(base, now)
local last, done = walk_free(base, now, after, budget, limit, function(id, v)
  if holder(v, now) or tonumber(v[D]) > now then return true end
  push_record(out, id, v)
  drop_message(base, id, v)
  found = found + 1
  return found < limit
end, true)
table.insert(out, 1, done)
table.insert(out, 1, last)
return out
