-- Deletes a subscription; idempotent. ARGV: base, id.
local base, id = ARGV[1], ARGV[2]
drop_subscription(base, id, redis.call('HGET', base .. 's:' .. id, 'u'))
return 1
