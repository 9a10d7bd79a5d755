-- Helpers prepended to every message-store script (src/scripts.ts).
--
-- Scripts receive the queue's base key (see src/keys.ts) and append fixed suffixes
-- to it, so no script ever splits a key. Keys are not passed as KEYS: the store does
-- not support Redis Cluster (neither does the reference), and a dead-letter move
-- touches keys of two queues.
--
-- A message is one string, `p:<id>` (encode_message below): s position, t ttl, cr created,
-- e expires, c claim id ('' = none), ce claim expires, cc claim count, d delay expires,
-- cs checksum ('' = none), u client id, b body (JSON text). Times are integer UNIX seconds
-- of the caller's clock (ARGV), never Redis's: every read compares with that `now`.
-- A post of ten messages writes them with one MSET: as hashes it took ten HSET calls,
-- about a third of the post script's time when run directly (each call's overhead and the
-- growing listpacks). Every write rewrites the whole string.
--
-- Earlier versions kept a message in a hash, `m:<id>` (fields named as in M_FIELDS, the
-- defaults c '', ce 0, cc 0, d = cr, cs '' left out). read_message still reads those; the
-- first write of one (a claim, a release, a dead-letter move) stores it as a string and
-- deletes the hash, which also drops the Redis expiry some of them carry.
--
-- Messages carry no Redis expiry: every read compares `e` with `now`, and garbage
-- collection (collect_garbage.lua, through `exp`) deletes expired ones. An EXPIRE per message
-- was a sixth of a post's Redis time, and it made messages candidates for `volatile-*`
-- eviction.
--
-- Indexes (zsets) of a queue: `ids` every message by position; `free` the unclaimed
-- messages at or before the claim cursor, by position; `held` the claimed ones by claim
-- expiry (a lapsed hold goes back to `free`, see return_lapsed); `exp` by expiry (see
-- expiry_score and expiry_block); `delayed` by end of delay.
--
-- `exp` holds expiry blocks: the entry '#<b>' (expiry_block) stands for the messages at
-- positions b * EXPIRY_BLOCK to b * EXPIRY_BLOCK + EXPIRY_BLOCK - 1, scored no later than the
-- earliest expiry among them (note_expiry). A sorted-set insert per message was a quarter of
-- a ten-message post's Redis time; a post now updates one block, or two. Entries are lower
-- bounds: garbage collection (collect_garbage.lua) deletes a block's expired messages and
-- scores it again by those left, so a claim or renewal that extends a message touches
-- nothing here. The entry goes with the block's last message (drop_message). Earlier
-- versions scored each message's id by its expiry; those entries are handled the same way.
-- `exp` tells when to look, not how many are left: stats count `ids` after collecting the
-- queue (src/messages/message-controller.ts).

-- The claim cursor (string `cursor`) is the last position claims and pops have scanned:
-- every message after it is unclaimed, so a post adds its messages to `ids` only and a
-- claim of one of them skips `free` (walk_free). A ZADD of ten members to a large `free`
-- was a fifth of a post's Redis time. Queues written before cursors existed have none
-- and every unclaimed message in `free`; their cursor reads as `seq` until the next post
-- sets it (append_positions).

local M_FIELDS = {'s', 'b', 't', 'cr', 'e', 'u', 'c', 'ce', 'cc', 'd', 'cs'}
local S, B, T, CR, E, U, C, CE, CC, D, CS = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11

-- An integer as text. Lua turns a number into text (in `..`, or as an argument of
-- redis.call) with printf's floating-point formatting: in a profile of the post script,
-- that formatting was a fifth of Redis's instructions. '%d' takes the integer path.
local function int(n)
  if type(n) == 'string' then return n end
  return string.format('%d', n)
end

-- A message's string: the fields without spaces first, then the lengths of cs and u, then
-- cs, u and the body, unseparated (a client id may hold any character). `v` as read_message
-- returns it; the integer fields may be numbers.
local function encode_message(v)
  return int(v[S]) .. ' ' .. int(v[T]) .. ' ' .. int(v[CR]) .. ' ' .. int(v[E]) .. ' ' .. v[C] .. ' ' .. int(v[CE]) .. ' ' ..
    int(v[CC]) .. ' ' .. int(v[D]) .. ' ' .. int(#v[CS]) .. ' ' .. int(#v[U]) .. ' ' .. v[CS] .. v[U] .. v[B]
end

local ENCODED = '^(%S*) (%S*) (%S*) (%S*) (%S*) (%S*) (%S*) (%S*) (%d+) (%d+) ()'

-- The message's fields by the indexes above (strings), or nil when it is gone. A message
-- still in an earlier version's hash is marked `legacy` (see write_message).
local function read_message(base, id)
  local raw = redis.call('GET', base .. 'p:' .. id)
  if raw then
    local s, t, cr, e, c, ce, cc, d, cs_len, u_len, at = string.match(raw, ENCODED)
    -- A string this store did not write (set by hand, or damaged) reads as gone: it failed every
    -- claim, listing, stats and delete of its queue. Redis's log names the key, which stays.
    if not at then
      redis.log(redis.LOG_WARNING, 'zaqar: skipped unreadable message ' .. base .. 'p:' .. id)
      return nil
    end
    local u_at = at + tonumber(cs_len)
    local b_at = u_at + tonumber(u_len)
    return {s, string.sub(raw, b_at), t, cr, e, string.sub(raw, u_at, b_at - 1), c, ce, cc, d, string.sub(raw, at, u_at - 1)}
  end
  local v = redis.call('HMGET', base .. 'm:' .. id, unpack(M_FIELDS))
  if not v[S] then return nil end
  v[C], v[CE], v[CC], v[D], v[CS] = v[C] or '', v[CE] or '0', v[CC] or '0', v[D] or v[CR], v[CS] or ''
  v.legacy = true
  return v
end

-- Stores `v` as the message `id` of the queue at `base` (replacing an earlier version's hash).
local function write_message(base, id, v)
  redis.call('SET', base .. 'p:' .. id, encode_message(v))
  if v.legacy then
    redis.call('DEL', base .. 'm:' .. id)
    v.legacy = nil
  end
end

-- Id of the live claim holding the message, or nil.
local function holder(v, now)
  if v[C] and v[C] ~= '' and tonumber(v[CE]) > now then return v[C] end
  return nil
end

-- Removes an id from the queue's indexes (the message itself is already gone). `exp` holds
-- blocks (see drop_message); an earlier version's entry for the id goes when it is due.
local function forget(base, id)
  redis.call('ZREM', base .. 'ids', id)
  redis.call('ZREM', base .. 'free', id)
  redis.call('ZREM', base .. 'held', id)
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
    local id = held[i]
    local v = read_message(base, id)
    if v and v[C] == claim then
      v[C], v[CE] = '', 0
      write_message(base, id, v)
      redis.call('ZREM', base .. 'held', id)
      redis.call('ZADD', base .. 'free', held[i + 1], id)
    end
  end
  redis.call('DEL', base .. 'c:' .. claim, members)
  redis.call('ZREM', base .. 'claims', claim)
end

-- Score of an `exp` entry: an expiry plus a fraction that grows with the position (a block's
-- number, or an earlier version's message position). Every message of a busy queue posted
-- in the same second with the same ttl would share one score, and Redis orders equal scores
-- by member (once a random id), so each insert went
-- to a random place among thousands (half again as costly as an insert at the end). The
-- integer part is the expiry: a message has expired at `now` when its score < now + 1.
-- Written as text, five decimals: Lua would format a fractional number with printf's
-- slow exact path when passing it to Redis.
local function expiry_score(expires, seq)
  return string.format('%d.%05d', expires, seq % 100000)
end

-- Positions per `exp` block (see above). A block's collection reads all of its messages.
local EXPIRY_BLOCK = 64

local function expiry_block(seq)
  return math.floor(tonumber(seq) / EXPIRY_BLOCK)
end

-- The first and last positions of block `b`.
local function block_positions(b)
  local lo = b * EXPIRY_BLOCK
  return lo, lo + EXPIRY_BLOCK - 1
end

-- The `exp` member of block `b`, and the block of a member (nil for an earlier version's id).
local function block_member(b)
  return '#' .. int(b)
end

local function block_of_member(member)
  local b = string.match(member, '^#(%d+)$')
  return b and tonumber(b)
end

-- Makes block `b` of the queue at `base` due no later than `expires` (a number).
local function note_expiry(base, b, expires)
  local member = block_member(b)
  local due = redis.call('ZSCORE', base .. 'exp', member)
  if not due or math.floor(tonumber(due)) > expires then redis.call('ZADD', base .. 'exp', expiry_score(expires, b), member) end
end

-- Removes a message and every reference to it but its `exp` block (`v` as read_message
-- returned it, nil if gone).
local function remove_message(base, id, v)
  if v and not v.legacy then
    redis.call('DEL', base .. 'p:' .. id)
  else
    redis.call('DEL', base .. 'p:' .. id, base .. 'm:' .. id)
  end
  forget(base, id)
  if v and v[C] and v[C] ~= '' then redis.call('ZREM', base .. 'cm:' .. v[C], id) end
end

-- As remove_message, and the message's `exp` block goes with the block's last message (a
-- consumed queue would otherwise keep one entry per block until its expiry).
local function drop_message(base, id, v)
  remove_message(base, id, v)
  if not v then return end
  local b = expiry_block(v[S])
  local lo, hi = block_positions(b)
  if #redis.call('ZRANGEBYSCORE', base .. 'ids', int(lo), int(hi), 'LIMIT', 0, 1) == 0 then
    redis.call('ZREM', base .. 'exp', block_member(b))
  end
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

-- The claim cursor (see above).
local function claim_cursor(base)
  local cursor = redis.call('GET', base .. 'cursor') or redis.call('GET', base .. 'seq') or '0'
  return tonumber(cursor)
end

-- Hands out `count` positions at the queue's tail and returns the first. The cursor is
-- set first if the queue has none, so that older messages (all in `free`) stay behind it.
local function append_positions(base, count)
  local first = redis.call('INCRBY', base .. 'seq', int(count)) - count + 1
  redis.call('SETNX', base .. 'cursor', int(first - 1))
  return first
end

-- Walks an index ('ids': every message, 'free': unclaimed ones) in FIFO order
-- after position `after`, reading at most `budget` entries, and calls visit(id, v) for
-- every unexpired message until it returns false. Ids whose message vanished are dropped
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
