-- HSET only when the field already exists (metadata and catalogue updates).
-- ARGV: hash key, field, value. Returns 0 when the field does not exist.
if redis.call('HEXISTS', ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', ARGV[1], ARGV[2], ARGV[3])
return 1
