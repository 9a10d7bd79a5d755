-- Completes or releases an Idempotency-Key record, only while the caller's token holds it.
-- ARGV: record key, token, JSON array of the stored ids (empty: release an unfinished record), window in ms.
-- Returns 1 when the record changed, else 0.
local held = redis.call('GET', ARGV[1])
if not held then return 0 end
local record = cjson.decode(held)
if record.t ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  if record.ids then return 0 end
  redis.call('DEL', ARGV[1])
else
  record.ids = cjson.decode(ARGV[3])
  redis.call('SET', ARGV[1], cjson.encode(record), 'PX', ARGV[4])
end
return 1
