-- Deletes one message under the reference's delete rules.
-- ARGV: base, now, message id, claim id ('' = none).
-- Returns 'ok' (deleted, or nothing to delete), 'claimed', 'not_claimed',
-- 'not_claimed_by' or 'no_claim'.
local base, now, id, claim = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local v = read_message(base, id)
if not v then return 'ok' end
if tonumber(v[E]) > now then
  local held_by = holder(v, now)
  if claim == '' then
    if held_by then return 'claimed' end
  elseif not held_by then
    return 'not_claimed'
  elseif held_by ~= claim then
    local other = redis.call('ZSCORE', base .. 'claims', claim)
    if other and tonumber(other) > now then return 'not_claimed_by' end
    return 'no_claim'
  end
end
drop_message(base, id, v)
return 'ok'
