-- Takes an Idempotency-Key record unless one is held (a SET NX that also returns the holder).
-- ARGV: record key, record JSON ({"f": fingerprint, "t": token}), lease in ms.
-- Returns the holding record's JSON, or false when this call took the key.
local held = redis.call('GET', ARGV[1])
if held then return held end
redis.call('SET', ARGV[1], ARGV[2], 'PX', ARGV[3])
return false
