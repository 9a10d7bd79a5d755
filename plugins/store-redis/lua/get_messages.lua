-- The unexpired messages among the given ids, as records (push_record), in no particular order.
-- ARGV: base, now, message ids...
local base, now = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local v = read_message(base, ARGV[i])
  if v and tonumber(v[E]) > now then push_record(out, ARGV[i], v) end
end
return out
