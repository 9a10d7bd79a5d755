-- Helpers prepended to every message-store script (src/scripts.ts).
--
-- Scripts receive the queue's base key (see src/keys.ts) and append fixed suffixes
-- to it, so no script ever splits a key. Keys are not passed as KEYS: the store does
-- not support Redis Cluster (neither does the reference), and a dead-letter move
-- touches keys of two queues.
--
-- A message hash holds: s position, b body (JSON text), t ttl, cr created,
-- e expires, u client id, c claim id ('' = none), ce claim expires, cc claim count,
-- d delay expires, cs checksum ('' = none). Times are integer UNIX seconds of the
-- caller's clock (ARGV), never Redis's: every read compares with that `now`.
-- A post writes only the fields that differ from their defaults (c '', ce 0, cc 0,
-- d = cr, cs ''): read_message fills in the rest.
--
-- Message hashes carry no Redis expiry: every read compares `e` with `now`, and garbage
-- collection (collect_garbage.lua, through `exp`) deletes expired ones. An EXPIRE per message
-- was a sixth of a post's Redis time, and it made messages candidates for `volatile-*`
-- eviction. Hashes written by earlier versions do carry one, equal to their expiry; a script
-- that extends a message's expiry (claims, dead-letter moves) calls PERSIST, so Redis never
-- drops a message before its new expiry.
--
-- Indexes (zsets) of a queue: `ids` every message by position; `free` the unclaimed
-- messages at or before the claim cursor, by position; `held` the claimed ones by claim
-- expiry (a lapsed hold goes back to `free`, see return_lapsed); `exp` by expiry (see
-- expiry_score); `delayed` by end of delay.
--
-- The claim cursor (string `cursor`) is the last position claims and pops have scanned:
-- every message after it is unclaimed, so a post adds its messages to `ids` only and a
-- claim of one of them skips `free` (walk_free). A ZADD of ten members to a large `free`
-- was a fifth of a post's Redis time. Queues written before cursors existed have none
-- and every unclaimed message in `free`; their cursor reads as `seq` until the next post
-- sets it (append_positions).

local M_FIELDS = {'s', 'b', 't', 'cr', 'e', 'u', 'c', 'ce', 'cc', 'd', 'cs'}
local S, B, T, CR, E, U, C, CE, CC, D, CS = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11

-- The message's fields by the indexes above, or nil when its hash is gone.
local function read_message(base, id)
  local v = redis.call('HMGET', base .. 'm:' .. id, unpack(M_FIELDS))
  if not v[S] then return nil end
  v[C], v[CE], v[CC], v[D], v[CS] = v[C] or '', v[CE] or '0', v[CC] or '0', v[D] or v[CR], v[CS] or ''
  return v
end

-- Id of the live claim holding the message, or nil.
local function holder(v, now)
  if v[C] and v[C] ~= '' and tonumber(v[CE]) > now then return v[C] end
  return nil
end

-- Removes an id from the queue's indexes (its hash is already gone).
local function forget(base, id)
  redis.call('ZREM', base .. 'ids', id)
  redis.call('ZREM', base .. 'free', id)
  redis.call('ZREM', base .. 'held', id)
  redis.call('ZREM', base .. 'exp', id)
  redis.call('ZREM', base .. 'delayed', id)
end

-- Puts messages whose claim lapsed by `now` back among the free ones. Claim expiry is
-- a matter of time, not of a write, so every script that reads `free` calls this first.
local function return_lapsed(base, now)
  while true do
    local lapsed = redis.call('ZRANGEBYSCORE', base .. 'held', '-inf', now, 'LIMIT', 0, 500)
    if #lapsed == 0 then return end
    for _, id in ipairs(lapsed) do
      local seq = redis.call('ZSCORE', base .. 'ids', id)
      if seq then redis.call('ZADD', base .. 'free', seq, id) end
      redis.call('ZREM', base .. 'held', id)
    end
  end
end

-- Ends a claim: the messages it still holds are free again at once, its records go.
local function release_claim(base, claim)
  local members = base .. 'cm:' .. claim
  local held = redis.call('ZRANGE', members, 0, -1, 'WITHSCORES')
  for i = 1, #held, 2 do
    local id, key = held[i], base .. 'm:' .. held[i]
    if redis.call('HGET', key, 'c') == claim then
      redis.call('HMSET', key, 'c', '', 'ce', 0)
      redis.call('ZREM', base .. 'held', id)
      redis.call('ZADD', base .. 'free', held[i + 1], id)
    end
  end
  redis.call('DEL', base .. 'c:' .. claim, members)
  redis.call('ZREM', base .. 'claims', claim)
end

-- Removes a message and every reference to it.
local function drop_message(base, id, v)
  redis.call('DEL', base .. 'm:' .. id)
  forget(base, id)
  if v and v[C] and v[C] ~= '' then redis.call('ZREM', base .. 'cm:' .. v[C], id) end
end

-- Appends the reply record of a message: id then the fields in M_FIELDS order.
local function push_record(out, id, v)
  out[#out + 1] = id
  for i = 1, #M_FIELDS do out[#out + 1] = v[i] or '' end
end

-- Relative Redis expiry for a logical expiry (at least 1 s: 0 would delete at once).
local function seconds_left(expires, now)
  return math.max(1, expires - now)
end

-- Score of a message in `exp`: its expiry plus a fraction that grows with its position.
-- Every message of a busy queue posted in the same second with the same ttl would share
-- one score, and Redis orders equal scores by member (a random id), so each insert went
-- to a random place among thousands (half again as costly as an insert at the end). The
-- integer part is the expiry: a message has expired at `now` when its score < now + 1.
local function expiry_score(expires, seq)
  return expires + (seq % 1048576) / 1048576
end

-- The claim cursor (see above).
local function claim_cursor(base)
  local cursor = redis.call('GET', base .. 'cursor') or redis.call('GET', base .. 'seq') or '0'
  return tonumber(cursor)
end

-- Hands out `count` positions at the queue's tail and returns the first. The cursor is
-- set first if the queue has none, so that older messages (all in `free`) stay behind it.
local function append_positions(base, count)
  local first = redis.call('INCRBY', base .. 'seq', count) - count + 1
  redis.call('SETNX', base .. 'cursor', first - 1)
  return first
end

-- Walks an index ('ids': every message, 'free': unclaimed ones) in FIFO order
-- after position `after`, reading at most `budget` entries, and calls visit(id, v) for
-- every unexpired message until it returns false. Ids whose hash vanished are dropped
-- from the indexes on the way. Returns the last position read, 1 when the end of the
-- index was reached, and the number of entries read. The first read fetches `wanted`
-- entries (what the caller hopes to use), later ones up to 100.
local function walk(base, index, now, after, budget, wanted, visit)
  local read, last, size = 0, after, math.max(1, wanted)
  while read < budget do
    local n = math.min(size, budget - read)
    size = 100
    local batch = redis.call('ZRANGEBYSCORE', base .. index, '(' .. last, '+inf', 'WITHSCORES', 'LIMIT', 0, n)
    for i = 1, #batch, 2 do
      local id = batch[i]
      last, read = batch[i + 1], read + 1
      local v = read_message(base, id)
      if not v then
        forget(base, id)
      elseif tonumber(v[E]) > now and visit(id, v) == false then
        return last, 0, read
      end
    end
    if #batch < 2 * n then return last, 1, read end
  end
  return last, 0, read
end

-- Walks the unclaimed messages after position `after` in FIFO order, as walk does: those
-- in `free` (at or before the claim cursor), then every message after the cursor. With
-- `advance` (claims and pops, whose visit takes what it accepts) the cursor moves to the
-- last position read, and a message passed over there because it is still delayed joins
-- `free`; the only other messages passed over there have expired.
local function walk_free(base, now, after, budget, wanted, visit, advance)
  local cursor = claim_cursor(base)
  local read = 0
  if tonumber(after) < cursor then
    local last, done
    last, done, read = walk(base, 'free', now, after, budget, wanted, visit)
    if done == 0 then return last, 0 end
  end
  -- A string, as ARGV and scores are: the caller returns the last position in its reply.
  local from = tostring(math.max(tonumber(after), cursor))
  local visit_tail = visit
  if advance then
    visit_tail = function(id, v)
      local more = visit(id, v)
      if tonumber(v[D]) > now and not holder(v, now) then redis.call('ZADD', base .. 'free', v[S], id) end
      return more
    end
  end
  local last, done = walk(base, 'ids', now, from, budget - read, wanted, visit_tail)
  if advance and tonumber(last) > cursor then redis.call('SET', base .. 'cursor', last) end
  return last, done
end
