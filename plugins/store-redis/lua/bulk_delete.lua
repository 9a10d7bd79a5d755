-- Deletes the listed messages. With claim ids, every listed unexpired message must be
-- held by one of them, else nothing is deleted.
-- ARGV: base, now, number of message ids, message ids..., claim ids... (none = no check).
-- Returns {'ok'} or {'not_claimed' | 'not_claimed_by', message id}.
local base, now, count = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local allowed, check = {}, #ARGV > 3 + count
for i = 4 + count, #ARGV do allowed[ARGV[i]] = true end
local found = {}
for i = 4, 3 + count do
  local id = ARGV[i]
  local v = read_message(base, id)
  if v then
    if check and tonumber(v[E]) > now then
      local held_by = holder(v, now)
      if not held_by then return {'not_claimed', id} end
      if not allowed[held_by] then return {'not_claimed_by', id} end
    end
    found[#found + 1] = {id, v}
  end
end
for _, item in ipairs(found) do drop_message(base, item[1], item[2]) end
return {'ok'}
