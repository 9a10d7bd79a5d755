-- Deletes a pool unless it is the only pool of a flavor that exists (in any project).
-- ARGV: names key, uris key, pool key prefix, flavor-projects key prefix, pool name.
-- Returns {'ok'} (also when missing) or {'in_use', flavor}.
local names, uris, pools, flavor_projects, name = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local pool = redis.call('HMGET', pools .. name, 'u', 'f')
if not pool[1] then return {'ok'} end
local flavor = pool[2]
if flavor and flavor ~= '' and redis.call('EXISTS', flavor_projects .. flavor) == 1 then
  local sibling = false
  for _, other in ipairs(redis.call('ZRANGE', names, 0, -1)) do
    if other ~= name and redis.call('HGET', pools .. other, 'f') == flavor then
      sibling = true
      break
    end
  end
  if not sibling then return {'in_use', flavor} end
end
redis.call('DEL', pools .. name)
redis.call('ZREM', names, name)
if redis.call('HGET', uris, pool[1]) == name then redis.call('HDEL', uris, pool[1]) end
return {'ok'}
