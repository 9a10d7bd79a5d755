-- Creates (replacing every field) or updates a pool; its uri must not be another pool's.
-- ARGV: names key, uris key, pool key, pool name, mode ('create' | 'update'),
--       then field/value pairs among u (uri), w (weight), f (flavor, '' = none), o (options JSON).
-- Returns 'ok', 'missing' (update of an unknown pool) or 'uri_taken'.
local names, uris, key, name, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if mode == 'update' and redis.call('EXISTS', key) == 0 then return 'missing' end
local fields, uri = {}, nil
for i = 6, #ARGV, 2 do
  fields[#fields + 1] = ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
  if ARGV[i] == 'u' then uri = ARGV[i + 1] end
end
if uri then
  local owner = redis.call('HGET', uris, uri)
  if owner and owner ~= name then return 'uri_taken' end
  local old = redis.call('HGET', key, 'u')
  if old and old ~= uri and redis.call('HGET', uris, old) == name then redis.call('HDEL', uris, old) end
  redis.call('HSET', uris, uri, name)
end
if mode == 'create' then redis.call('DEL', key) end
if #fields > 0 then redis.call('HMSET', key, unpack(fields)) end
redis.call('ZADD', names, 0, name)
return 'ok'
