-- Sets the confirmed flag of a live subscription. ARGV: base, now, id, flag (1/0).
-- Returns 0 when it does not exist or has expired.
local base, now, id, flag = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
if not subscription_live(base, id, now) then return 0 end
redis.call('HSET', base .. 's:' .. id, 'c', flag)
return 1
