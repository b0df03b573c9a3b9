"""The Lua scripts of the Redis store. Each runs atomically on the server.

``APPLY`` writes an ``Effects`` (see ``bot.store.redis.RedisStore.apply``): the operations come
as one JSON array; every compare-and-set is checked before anything is written, so a failed
check leaves the data untouched. Index keys are derived from the key prefix (``ARGV[1]``) with
the spelling of ``bot.store.layout.RedisKeys``; the scripts therefore expect one Redis server
(not Redis Cluster), which is what socialops supports.
"""

from __future__ import annotations

from bot.store.layout import LATEST_SECONDS

# lanes come due moved to the ready index by one claim, at most: after an outage the rest
# are moved by the claims after it (each such lane moved once, whichever claim moves it)
PROMOTED = 1000
# seconds between two remakings of the lane indexes, at least (``CLAIM``): how long a card
# an earlier release's write left where no index says may wait while it runs beside this
REMADE = 5

_INDEX = r"""
local P = ARGV[1]
local function unindex(kind, id)
  local side = P .. 'idx:' .. kind .. ':' .. id
  local flat = redis.call('HGETALL', side)
  local h = {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  if h.status then redis.call('SREM', P .. kind .. ':status:' .. h.status, id) end
  if kind == 'ticket' then
    if h.k1 and h.k2 then
      local pointer = P .. 'open-ticket:' .. h.k1 .. '\0' .. h.k2
      if redis.call('GET', pointer) == id then redis.call('DEL', pointer) end
    end
    -- the pointer per conversation only, as written before 2026-11-30
    if h.k1 and redis.call('GET', P .. 'open-ticket:' .. h.k1) == id then
      redis.call('DEL', P .. 'open-ticket:' .. h.k1)
    end
    if h.k2 then redis.call('SREM', P .. 'customer-open:' .. h.k2, id) end
  elseif kind == 'subscription' and h.k1 then
    redis.call('SREM', P .. 'subs:' .. h.k1 .. '\0' .. (h.k2 or ''), id)
  end
  redis.call('DEL', side)
end
-- the open ticket of customer k2 in conversation k1, or false: its pointer, else one of the
-- customer's open tickets in that conversation (a ticket opened before 2026-11-30, when the
-- pointer was per conversation and a second customer's ticket took it over)
local function ticket_status(id)
  return redis.call('HGET', P .. 'idx:ticket:' .. id, 'status')
end
-- a merged ticket (its pointer kept) leads to the one it was merged into, and on through that
-- one's merge, 16 deep at most: the ticket found there while it is open or claimed, else false
-- (resolved; or a JSON that cannot say into what, damaged)
local function merged_into(id)
  for _ = 1, 16 do
    local status = ticket_status(id)
    if status ~= 'merged' then
      if status == 'open' or status == 'claimed' then return id end
      return false
    end
    local ok, rec = pcall(cjson.decode, redis.call('GET', P .. 'ticket:' .. id) or '')
    if not ok or type(rec) ~= 'table' or type(rec['merged_into']) ~= 'string' then
      return false
    end
    id = rec['merged_into']
  end
  return false
end
-- A merged ticket's pointer, which a ticket written open or claimed there since takes over for
-- good, is followed only when no ticket of the customer is open there (one reopened beside it)
-- when a ticket opened (its score in the index by opening), or nil for one stored before it
local function opened_at(id)
  local score = redis.call('ZSCORE', P .. 'tickets-opened', id)
  return score and tonumber(score)
end
-- whether ticket a opened after b: the newest open one of a conversation takes its posts, as
-- SQLite's rowid order has it (not the one written open last: a reopen, a claim); opened in
-- the same instant, the later id (T-10 after T-9)
local function newer(a, b)
  local ta, tb = opened_at(a), opened_at(b)
  if not ta or not tb then return true end
  if ta ~= tb then return ta > tb end
  if #a ~= #b then return #a > #b end
  return a >= b
end
local function open_ticket(k1, k2)
  local id = redis.call('GET', P .. 'open-ticket:' .. k1 .. '\0' .. k2)
  local merged = id and ticket_status(id) == 'merged'
  if id and not merged then return id end
  local found = false
  for _, other in ipairs(redis.call('SMEMBERS', P .. 'customer-open:' .. k2)) do
    if redis.call('HGET', P .. 'idx:ticket:' .. other, 'k1') == k1
        and (not found or newer(other, found)) then found = other end
  end
  if found then return found end
  if merged then return merged_into(id) end
  return false
end
local function index(kind, id, status, k1, k2, open, opened)
  local side = P .. 'idx:' .. kind .. ':' .. id
  redis.call('SADD', P .. kind .. 's', id)
  -- by when it opened (a ticket): the score comes as text, since a Lua number keeps 14 digits
  if opened ~= '' then redis.call('ZADD', P .. kind .. 's-opened', opened, id) end
  if status ~= '' then
    redis.call('SADD', P .. kind .. ':status:' .. status, id)
    redis.call('HSET', side, 'status', status)
  end
  if kind == 'ticket' then
    local pointer = P .. 'open-ticket:' .. k1 .. '\0' .. k2
    if open == '1' then
      -- a ticket reopened beside a newer open one of the conversation leaves it the pointer
      local cur = redis.call('GET', pointer)
      local st = cur and ticket_status(cur)
      if not cur or (st ~= 'open' and st ~= 'claimed') or newer(id, cur) then
        redis.call('SET', pointer, id)
      end
      redis.call('SADD', P .. 'customer-open:' .. k2, id)
    elseif open == 'm' then
      -- merged: the pointer names it (followed to its target) unless an open one holds it
      local cur = redis.call('GET', pointer)
      local st = cur and ticket_status(cur)
      if st ~= 'open' and st ~= 'claimed' then redis.call('SET', pointer, id) end
    end
  elseif kind == 'subscription' then
    redis.call('SADD', P .. 'subs:' .. k1 .. '\0' .. k2, id)
  end
  if k1 ~= '' then redis.call('HSET', side, 'k1', k1, 'k2', k2) end
end
"""

# A lane's place in the claim's two indexes (since 2026-12-02), set wherever its items or its head's
# due time change: ``outbox:ready`` holds the lanes whose head (oldest item waiting) is due,
# scored by that head's seq, so a claim takes the oldest cards of every channel first, as
# SQLite's ORDER BY seq does; ``outbox:waiting`` those whose head is not due yet, by when it
# is, so a claim reads only those come due and never the lanes put off. A lane emptied leaves
# both, and the set of channels. Leases are not indexed: a claim skips a lane another holds.
_LANES = r"""
local function rehead(P, chan, now)
  local head = redis.call('ZRANGE', P .. 'outbox:chan:' .. chan, 0, 0, 'WITHSCORES')
  if #head == 0 then
    redis.call('ZREM', P .. 'outbox:ready', chan)
    redis.call('ZREM', P .. 'outbox:waiting', chan)
    redis.call('SREM', P .. 'outbox:channels', chan)
    return
  end
  local due = tonumber(redis.call('HGET', P .. 'outbox:item:' .. head[1], 'next'))
  if due and due > now then
    redis.call('ZREM', P .. 'outbox:ready', chan)
    redis.call('ZADD', P .. 'outbox:waiting', due, chan)
  else
    redis.call('ZREM', P .. 'outbox:waiting', chan)
    redis.call('ZADD', P .. 'outbox:ready', head[2], chan)
  end
end
-- the outbox's counts as this release last wrote them, in ``outbox:indexed`` beside
-- ``outbox:counts``: a write of this release that changes a count changes both, one of a release
-- before the indexes (a rolling upgrade, or going back and forth) the counts alone; every such
-- write that can move a lane's head (a card queued, retried, sent, given up, coalesced) changes
-- a count, so a claim that finds the two differ makes the indexes again (``CLAIM``)
local function count(P, status, n)
  redis.call('HINCRBY', P .. 'outbox:counts', status, n)
  redis.call('HINCRBY', P .. 'outbox:indexed', status, n)
end
"""

# KEYS: none (each key is derived from the prefix); ARGV: key prefix, the operations (one JSON
# array), now. Answers 1, or 0 when a check failed and nothing was written (-1: a conditional
# cursor write's check, ``cursorif``).
# LATEST_SECONDS in it stands for layout's number (replaced at its end): one spelling of the TTL
APPLY = _INDEX + _LANES + r"""
local ops = cjson.decode(ARGV[2])
local now = tonumber(ARGV[3])
-- 1. every check first: nothing is written unless all of them hold
for _, op in ipairs(ops) do
  local name = op[1]
  if name == 'rec' or name == 'recdel' then
    local rkey = P .. op[2] .. ':' .. op[3]
    local exp = tonumber(op[4])
    if exp == -1 then
      if redis.call('EXISTS', rkey) == 1 then return 0 end
    elseif exp >= 0 then
      local cur = redis.call('GET', rkey)
      if not cur then return 0 end
      if tonumber(cjson.decode(cur)['version']) ~= exp then return 0 end
    end
  elseif name == 'requeue' then
    if redis.call('HGET', P .. 'outbox:item:' .. op[2], 'status') ~= 'dead' then return 0 end
  elseif name == 'closenotice' then
    -- key, because, dead_too: a dead ops notice that is news no more, while it still is
    if redis.call('HGET', P .. 'outbox:item:' .. op[2], 'status') ~= 'dead' then return 0 end
    local cause = redis.call('HGET', P .. 'outbox:item:' .. op[3], 'status')
    if not cause or (cause == 'dead' and op[4] ~= '1') then return 0 end
  elseif name == 'stilldead' then
    -- the delivery an ops notice sent again is about: still dead from the same death (no
    -- retry of it meanwhile: a retry renews created_at; UTC written either way, 'Z' or
    -- '+00:00', as the item was written or as Python writes it now)
    local o = redis.call('HMGET', P .. 'outbox:item:' .. op[2], 'status', 'json')
    if o[1] ~= 'dead' then return 0 end
    local ok, rec = pcall(cjson.decode, o[2])
    if not ok or type(rec) ~= 'table' or type(rec['created_at']) ~= 'string'
        or string.gsub(rec['created_at'], '%+00:00$', 'Z') ~= op[3] then return 0 end
  elseif name == 'cursorif' then
    -- a cursor written only if it still holds what was read (op[4] '0': unset): answers -1
    local cur = redis.call('GET', P .. 'cursor:' .. op[2])
    if op[4] == '0' then
      if cur then return -1 end
    elseif cur ~= op[3] then return -1 end
  elseif name == 'unseen' then
    -- a mark that must still be unset (a mention no other process has finished meanwhile)
    local cur = redis.call('GET', P .. 'seen:' .. op[2])
    if cur and tonumber(string.match(cur, '^[^|]*')) > now then return 0 end
  elseif name == 'revive' then
    -- a dead letter taken back: only while still stored as set aside at that time (within a
    -- millisecond: the time was read back through a datetime)
    local raw = redis.call('HGET', P .. 'dead:' .. op[2], op[3])
    if not raw then return 0 end
    local ok, rec = pcall(cjson.decode, raw)
    if not ok or type(rec) ~= 'table' or type(rec['at']) ~= 'number'
        or math.abs(rec['at'] - tonumber(op[4])) >= 0.001 then return 0 end
  elseif name == 'erasecard' then
    -- an erased author's card kept as delivered or dead: only while it still is (not retried
    -- or pruned since the erasure read it)
    if redis.call('HGET', P .. 'outbox:item:' .. op[2], 'status') ~= op[3] then return 0 end
  elseif name == 'soleticket' then
    -- a ticket opened only while its conversation has no open one of its customer
    if open_ticket(op[2], op[3]) then return 0 end
  elseif name == 'timer' and op[2] == 'complete' then
    -- a decision made under a timer's lease: only while the timer still carries its token
    local score = redis.call('ZSCORE', P .. 'timers', op[3])
    if not score or tonumber(score) ~= tonumber(op[6]) then return 0 end
  elseif name == 'settle' then
    -- an attempt settled only while its item waits (as every claimed one does): one sent or
    -- dead by now was settled by another process since (its lease lapsed under this one,
    -- stopped), and is that one's to say
    local o = redis.call('HMGET', P .. 'outbox:item:' .. op[2], 'status', 'json', 'chan')
    if o[1] ~= 'pending' then return 0 end
    -- settled from the item as claimed: only if that is still what is stored
    if op[11] ~= '' and redis.sha1hex(o[2] or '') ~= op[11] then return 0 end
    -- a failure not while another owner holds the item's lane: it claimed the item since
    -- (this one's lease lapsed, stopped), may be calling the chat for it now, and settles it
    if op[4] ~= 'sent' then
      local lease = redis.call('GET', P .. 'outbox:lease:' .. (o[3] or ''))
      local sep = lease and string.find(lease, '|', 1, true)
      if sep and string.sub(lease, sep + 1) ~= op[5] then return 0 end
    end
  end
end
-- 2. the writes, in order; the outbox items queued, each's JSON as passed (before its seq)
local queued = {}
for _, op in ipairs(ops) do
  local name = op[1]
  if name == 'rec' then
    local kind, id = op[2], op[3]
    unindex(kind, id)
    redis.call('SET', P .. kind .. ':' .. id, op[5])
    index(kind, id, op[6], op[7], op[8], op[9], op[10] or '')
  elseif name == 'recdel' then
    unindex(op[2], op[3])
    redis.call('DEL', P .. op[2] .. ':' .. op[3])
    redis.call('SREM', P .. op[2] .. 's', op[3])
    redis.call('ZREM', P .. op[2] .. 's-opened', op[3])
  elseif name == 'audit' then
    redis.call('RPUSH', P .. 'audit', op[2])
  elseif name == 'enqueue' then
    -- key, json, next, chan, status, card, its message's ref key, an edit ('1'), held key;
    -- the card's waiting edit this one may replace (bot.store.coalesce): its key, its JSON as
    -- read, this edit carrying both, the replaced one as sent, when this one is due; 'post'
    -- when that item is the card's waiting post this edit is taken into (``takes_in``): then
    -- the post as it is to be written, this edit as sent, the post's due time; then the
    -- card's first post this edit, queued behind it, is shown by (``shows``): its key, its
    -- JSON as read, the post as it is to be written ('' when none)
    local ikey = P .. 'outbox:item:' .. op[2]
    if redis.call('EXISTS', ikey) == 0 then
      local seq = redis.call('INCR', P .. 'outbox:seq')
      local item, due, kept, took = op[3], op[4], nil, false
      if (op[11] or '') ~= '' and redis.call('GET', op[10]) == op[11] then
        local okey = P .. 'outbox:item:' .. op[11]
        local o = redis.call('HMGET', okey, 'json', 'status', 'started', 'chan', 'seq')
        -- one this script queued was read as passed, before its seq (RedisStore._merges)
        local fresh = queued[op[11]]
        local sent = op[14]
        if fresh then
          sent = string.gsub(sent, '"seq":0', '"seq":' .. o[5], 1)
        end
        if (fresh or o[1]) == op[12] and o[2] == 'pending' and tonumber(o[3] or '1') == 0
            and op[16] == 'post' then
          -- taken into the card's waiting post (bot.store.coalesce.takes_in): the post
          -- carries this edit's card, in its place; this edit is recorded as sent, in no lane
          if fresh then
            queued[op[11]] = op[14]
          end
          redis.call('HSET', okey, 'json', sent)
          local json = string.gsub(op[13], '"seq":0', '"seq":' .. seq, 1)
          queued[op[2]] = op[13]
          redis.call('HSET', ikey, 'json', json, 'next', due, 'status', 'sent', 'seq', seq,
                     'chan', o[4], 'card', op[7], 'started', 0)
          redis.call('ZADD', P .. 'outbox:sent', now, op[2])
          count(P, 'sent', 1)
          took = true
        elseif (fresh or o[1]) == op[12] and o[2] == 'pending' and tonumber(o[3] or '1') == 0
            and op[16] ~= 'post' then
          -- replaced: sent with this edit, which goes in its lane (held, below)
          redis.call('HSET', okey, 'json', sent, 'status', 'sent')
          redis.call('ZREM', P .. 'outbox:chan:' .. o[4], op[11])
          redis.call('ZADD', P .. 'outbox:sent', now, op[11])
          count(P, 'pending', -1)
          count(P, 'sent', 1)
          item, due, kept = op[13], op[15], o[4]
        end
      end
      if not took then
      local json = string.gsub(item, '"seq":0', '"seq":' .. seq, 1)
      queued[op[2]] = item
      -- an edit goes behind the card's latest item still waiting, in that item's lane (the
      -- held key, ``outbox_held``, names it), so revisions are never reordered; else in the
      -- channel's edit lane when the card is shown (its message ref), else among the posts
      local chan = op[5]
      local hkey = op[10]
      if kept then
        chan = kept  -- the replaced edit's lane: behind what of the card waits there
      elseif op[9] == '1' then
        local held = redis.call('GET', hkey)
        local hitem = held and (P .. 'outbox:item:' .. held)
        if hitem and redis.call('HGET', hitem, 'status') == 'pending' then
          chan = redis.call('HGET', hitem, 'chan')
        elseif redis.call('EXISTS', op[8]) == 1 then
          chan = op[5] .. '\31edits'
        end
      end
      redis.call('SET', hkey, op[2], 'EX', LATEST_SECONDS)
      redis.call('HSET', ikey, 'json', json, 'next', due, 'status', op[6], 'seq', seq,
                 'chan', chan, 'card', op[7], 'started', 0)
      redis.call('ZADD', P .. 'outbox:chan:' .. chan, seq, op[2])
      redis.call('SADD', P .. 'outbox:channels', chan)
      rehead(P, chan, now)
      count(P, op[6], 1)
      if (op[17] or '') ~= '' then
        -- the card's first post, still waiting with no attempt begun, goes out showing this
        -- edit's card (bot.store.coalesce.shows): a deleted post's words never shown
        local pkey = P .. 'outbox:item:' .. op[17]
        local p = redis.call('HMGET', pkey, 'json', 'status', 'started', 'seq')
        -- one this script queued was read as passed, before its seq (RedisStore._merges)
        local pfresh = queued[op[17]]
        if (pfresh or p[1]) == op[18] and p[2] == 'pending' and tonumber(p[3] or '1') == 0 then
          local pjson = op[19]
          if pfresh then
            queued[op[17]] = op[19]
            pjson = string.gsub(op[19], '"seq":0', '"seq":' .. p[4], 1)
          end
          redis.call('HSET', pkey, 'json', pjson)
        end
      end
      end
    end
  elseif name == 'settle' then
    -- key, json, status, owner, ref json, next, ref key, ref ttl, unposted, expected sha1,
    -- release the lease ('0': no), unclaimed keys, held key (``outbox_held``), shown key
    -- (``outbox_shown``)
    local ikey = P .. 'outbox:item:' .. op[2]
    local old = redis.call('HGET', ikey, 'status')
    if old then
      local chan = redis.call('HGET', ikey, 'chan')
      redis.call('HSET', ikey, 'json', op[3], 'status', op[4], 'next', op[7])
      if op[10] == '1' then  -- this attempt taken back, not those before it (they may
        -- have shown the card)
        local n = tonumber(redis.call('HGET', ikey, 'started') or '0') or 0
        redis.call('HSET', ikey, 'started', math.max(n - 1, 0))
      end
      if op[4] ~= 'pending' then
        redis.call('ZREM', P .. 'outbox:chan:' .. chan, op[2])
        -- no longer waiting: an edit of its card need not wait behind it
        if (op[14] or '') ~= '' and redis.call('GET', op[14]) == op[2] then
          redis.call('DEL', op[14])
        end
      end
      rehead(P, chan, now)  -- its lane's head gone, or due at another time
      if old ~= op[4] then
        count(P, old, -1)
        count(P, op[4], 1)
      end
      if op[4] == 'sent' then
        redis.call('ZADD', P .. 'outbox:sent', now, op[2])
        -- the card's latest item sent in its channel (``outbox_shown``): the highest seq
        if (op[15] or '') ~= '' then
          local shown = redis.call('GET', op[15])
          local seq = tonumber(redis.call('HGET', ikey, 'seq') or '0') or 0
          if not shown or (tonumber(redis.call('HGET', P .. 'outbox:item:' .. shown, 'seq')
                                    or '0') or 0) < seq then
            redis.call('SET', op[15], op[2], 'EX', LATEST_SECONDS)
          end
        end
      end
      if op[4] == 'dead' then redis.call('SADD', P .. 'outbox:dead', op[2]) end
      if op[6] ~= '' then
        -- the first message stays the card's; a later ref to that same message replaces it
        -- (an update learnt its thread); either way its retention restarts
        local cur = redis.call('GET', op[8])
        if not cur or cjson.decode(cur)['message_id'] == cjson.decode(op[6])['message_id'] then
          redis.call('SET', op[8], op[6])
        end
        redis.call('EXPIRE', op[8], op[9])
      end
      if op[12] ~= '0' then  -- a chain keeps its lease until its last card
        local lkey = P .. 'outbox:lease:' .. chan
        local lease = redis.call('GET', lkey)
        if lease then
          local sep = string.find(lease, '|', 1, true)
          if string.sub(lease, sep + 1) == op[5] then redis.call('DEL', lkey) end
        end
      end
    end
    -- the rest of a chain, never attempted: as if never claimed
    for _, k in ipairs(op[13] or {}) do
      local ukey = P .. 'outbox:item:' .. k
      if tonumber(redis.call('HGET', ukey, 'started') or '0') > 0 then
        redis.call('HINCRBY', ukey, 'started', -1)
      end
    end
  elseif name == 'timer' then
    -- op, id, due, payload, token
    local tz, tp, ta = P .. 'timers', P .. 'timer-payloads', P .. 'timer-attempts'
    local kind, id = op[2], op[3]
    if kind == 'schedule' then
      redis.call('ZADD', tz, op[4], id)
      redis.call('HSET', tp, id, op[5])
      redis.call('HDEL', ta, id)
    elseif kind == 'once' then
      if redis.call('ZADD', tz, 'NX', op[4], id) == 1 then
        redis.call('HSET', tp, id, op[5])
        redis.call('HDEL', ta, id)
      end
    elseif kind == 'sooner' then
      local was = redis.call('ZSCORE', tz, id)
      if not was or tonumber(op[4]) < tonumber(was) then
        redis.call('ZADD', tz, op[4], id)
        redis.call('HSET', tp, id, op[5])
        redis.call('HDEL', ta, id)
      end
    elseif kind == 'cancel' then
      redis.call('ZREM', tz, id)
      redis.call('HDEL', tp, id)
      redis.call('HDEL', ta, id)
    elseif kind == 'complete' then
      local score = redis.call('ZSCORE', tz, id)
      if score and tonumber(score) == tonumber(op[6]) then
        redis.call('ZREM', tz, id)
        redis.call('HDEL', tp, id)
        redis.call('HDEL', ta, id)
      end
    elseif kind == 'release' then
      -- a lease handed back, only while still this one's; its take counted as no attempt
      local score = redis.call('ZSCORE', tz, id)
      if score and tonumber(score) == tonumber(op[6]) then
        redis.call('ZADD', tz, op[4], id)
        if tonumber(redis.call('HGET', ta, id) or '0') > 0 then
          redis.call('HINCRBY', ta, id, -1)
        end
      end
    end
  elseif name == 'gadd' then
    local gkey = P .. 'group:' .. op[2]
    if not redis.call('ZSCORE', gkey, op[3]) then
      redis.call('ZADD', gkey, redis.call('INCR', P .. 'group-seq'), op[3])
    end
  elseif name == 'gtake' then
    redis.call('ZREM', P .. 'group:' .. op[2], op[3])
  elseif name == 'mark' then
    redis.call('SET', P .. 'seen:' .. op[2], op[3] .. '|' .. op[4], 'EX', op[5])
  elseif name == 'markfirst' then
    -- key, expires, value, ttl, keep: the value first in the list the mark holds, read here
    local key = P .. 'seen:' .. op[2]
    local items = {op[4]}
    local cur = redis.call('GET', key)
    local bar = cur and string.find(cur, '|', 1, true)
    if bar and (tonumber(string.sub(cur, 1, bar - 1)) or 0) > now then
      for item in string.gmatch(string.sub(cur, bar + 1), '%S+') do
        if item ~= op[4] and #items < tonumber(op[6]) then table.insert(items, item) end
      end
    end
    redis.call('SET', key, op[3] .. '|' .. table.concat(items, ' '), 'EX', op[5])
  elseif name == 'forget' then
    redis.call('DEL', P .. 'seen:' .. op[2])
  elseif name == 'cursor' then
    redis.call('SET', P .. 'cursor:' .. op[2], op[3])
  elseif name == 'signal' then
    -- id, json, ttl, customer, created, history, erased (the marker an erased author's
    -- customer key ends with): a post whose author's data were erased stays so, whoever
    -- writes back what they read before
    local cur = redis.call('GET', P .. 'signal:' .. op[2])
    local tail = ':' .. op[8]
    local erased = function(s) return string.sub(s, -#tail) == tail end
    if not (cur and string.find(cur, '"author":{"id":"' .. op[8] .. '"', 1, true)
            and not erased(op[5])) then
      redis.call('SET', P .. 'signal:' .. op[2], op[3], 'EX', op[4])
      local c = P .. 'customer:' .. op[5]
      redis.call('ZADD', c, op[6], op[2])
      redis.call('ZREMRANGEBYRANK', c, 0, -tonumber(op[7]) - 1)
      redis.call('EXPIRE', c, op[4])
    end
  elseif name == 'foot' then
    -- customer, mention, expiry (the score), ttl, history
    local c = P .. 'customer-all:' .. op[2]
    redis.call('ZREMRANGEBYSCORE', c, '-inf', now)
    redis.call('ZADD', c, op[4], op[3])
    redis.call('ZREMRANGEBYRANK', c, 0, -tonumber(op[6]) - 1)
    redis.call('EXPIRE', c, op[5])
  elseif name == 'uncustomer' then
    -- a person's data erased: their customer key's indexes, which name them
    redis.call('DEL', P .. 'customer:' .. op[2], P .. 'customer-all:' .. op[2],
               P .. 'customer-open:' .. op[2])
  elseif name == 'unurl' then
    redis.call('DEL', P .. 'trace-url:' .. op[2])
  elseif name == 'erasecard' then
    -- the item's card replaced in its JSON as stored, spliced between the fields around it
    -- (an OutboxItem's JSON names "card" after four fields and "update_of" right after it;
    -- JSON escapes every quote in a value, so neither is found inside one): decoded and
    -- encoded again, cjson would write its empty lists as objects
    local ikey = P .. 'outbox:item:' .. op[2]
    local j = redis.call('HGET', ikey, 'json') or ''
    local a = string.find(j, ',"card":', 1, true)
    local b = string.find(j, ',"update_of":', 1, true)
    if a and b and b > a then
      redis.call('HSET', ikey, 'json', string.sub(j, 1, a + 7) .. op[4] .. string.sub(j, b))
    end
  elseif name == 'unaudit' then
    -- (JSON text, JSON text) pairs: each found in an audit event written as the other, the
    -- whole list read once (a rare command's: the erasure of a person's data)
    local akey = P .. 'audit'
    for i, row in ipairs(redis.call('LRANGE', akey, 0, -1)) do
      local out = row
      for _, pair in ipairs(op[2]) do
        local parts, from = {}, 1
        local at = string.find(out, pair[1], 1, true)
        while at do
          table.insert(parts, string.sub(out, from, at - 1))
          table.insert(parts, pair[2])
          from = at + #pair[1]
          at = string.find(out, pair[1], from, true)
        end
        table.insert(parts, string.sub(out, from))
        out = table.concat(parts)
      end
      if out ~= row then redis.call('LSET', akey, i - 1, out) end
    end
  elseif name == 'xdel' then
    -- a post of an erased author's in a mention stream (``mentions``, ``mentions:dead``):
    -- one a consumer still holds pending reads back as trimmed away, and is acknowledged
    redis.call('XDEL', P .. op[2], op[3])
  elseif name == 'routing' then
    local v = redis.call('INCR', P .. 'counter:routing')
    redis.call('ZADD', P .. 'routing-log', v, v .. '|' .. op[2] .. '|' .. op[3])
    redis.call('ZREMRANGEBYRANK', P .. 'routing-log', 0, -tonumber(op[4]) - 1)
  elseif name == 'count' then
    local skey = P .. 'series' .. op[6] .. ':' .. op[3]
    redis.call('HINCRBY', skey, op[2], op[4])
    redis.call('EXPIRE', skey, op[5])
  elseif name == 'trace' then
    -- id, json, ttl, url, fetched, keep
    redis.call('SET', P .. 'trace:' .. op[2], op[3], 'EX', op[4])
    if op[5] ~= '' then redis.call('SET', P .. 'trace-url:' .. op[5], op[2], 'EX', op[4]) end
    redis.call('ZADD', P .. 'traces', op[6], op[2])
  elseif name == 'tally' then
    local tkey = P .. 'tally:' .. op[3]
    redis.call('HINCRBY', tkey, op[2], op[4])
    redis.call('EXPIRE', tkey, op[5])
  elseif name == 'requeue' then
    -- key, json, next, held key: a dead delivery pending again (checked above); 'started'
    -- is kept, so the retry looks for the card in its channel before posting it. Unless a
    -- later item of its card waits, it is the card's latest waiting item again: its next
    -- edits go behind it, in its lane
    local ikey = P .. 'outbox:item:' .. op[2]
    local chan = redis.call('HGET', ikey, 'chan')
    local seq = redis.call('HGET', ikey, 'seq')
    local held = redis.call('GET', op[5])
    if not held or redis.call('HGET', P .. 'outbox:item:' .. held, 'status') ~= 'pending' then
      redis.call('SET', op[5], op[2], 'EX', LATEST_SECONDS)
    end
    redis.call('HSET', ikey, 'json', op[3], 'status', 'pending', 'next', op[4])
    redis.call('ZADD', P .. 'outbox:chan:' .. chan, seq, op[2])
    redis.call('SADD', P .. 'outbox:channels', chan)
    rehead(P, chan, now)
    redis.call('SREM', P .. 'outbox:dead', op[2])
    count(P, 'dead', -1)
    count(P, 'pending', 1)
  elseif name == 'closenotice' then
    -- removed as PRUNE_DEAD removes a dead delivery (checked above)
    redis.call('DEL', P .. 'outbox:item:' .. op[2])
    redis.call('SREM', P .. 'outbox:dead', op[2])
    count(P, 'dead', -1)
  elseif name == 'revive' then
    redis.call('HDEL', P .. 'dead:' .. op[2], op[3])
  elseif name == 'dead' then
    redis.call('HSET', P .. 'dead:' .. op[2], op[3], op[4])
    redis.call('SADD', P .. 'dead-kinds', op[2])
  end
end
return 1
""".replace("LATEST_SECONDS", str(LATEST_SECONDS))

# KEYS: the mark; ARGV: now, expiry, real ttl. Answers 0 if the mark is there, unexpired;
# otherwise sets it and answers 1.
MARK = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2] .. '|1', 'EX', ARGV[3])
return 1
"""

# KEYS: none (the keys come in ARGV, beside their values); ARGV: now, expiry, real ttl, then
# key/value pairs. Each value, in the order of its first pair, is stored under each of its keys
# that holds no live value, unless one of them holds another value (then under none: all or
# none). Answers the owner of each pair's key ('' for none)
CLAIM_VALUES = """
local now = tonumber(ARGV[1])
local owners, order, keys_of = {}, {}, {}
for i = 4, #ARGV, 2 do
  local key, value = ARGV[i], ARGV[i + 1]
  if owners[key] == nil then
    owners[key] = false
    local v = redis.call('GET', key)
    if v then
      local sep = string.find(v, '|', 1, true)
      if tonumber(string.sub(v, 1, sep - 1)) > now then
        owners[key] = string.sub(v, sep + 1)
      end
    end
  end
  if keys_of[value] == nil then
    keys_of[value] = {}
    table.insert(order, value)
  end
  table.insert(keys_of[value], key)
end
for _, value in ipairs(order) do
  local free = true
  for _, key in ipairs(keys_of[value]) do
    if owners[key] and owners[key] ~= value then
      free = false
    end
  end
  if free then
    for _, key in ipairs(keys_of[value]) do
      if not owners[key] then
        redis.call('SET', key, ARGV[2] .. '|' .. value, 'EX', ARGV[3])
        owners[key] = value
      end
    end
  end
end
local out = {}
for i = 4, #ARGV, 2 do
  table.insert(out, owners[ARGV[i]] or '')
end
return out
"""

# KEYS: the failure count; ARGV: now, expiry, real ttl. Answers the count with this failure
# (1 again once the last one expired).
BUMP = """
local v = redis.call('GET', KEYS[1])
local n = 1
if v then
  local sep = string.find(v, '|', 1, true)
  if tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[1]) then
    n = tonumber(string.sub(v, sep + 1)) + 1
  end
end
redis.call('SET', KEYS[1], ARGV[2] .. '|' .. n, 'EX', ARGV[3])
return n
"""

# KEYS: the customer's signals (zset), all their mentions (zset, by expiry), their open
# tickets (set); ARGV: signal key prefix, limit, now. Read only: a routed mention's customer
# context in one round trip (the signal ids decide which signals to read, so a pipeline needed
# two). Each signal comes in brief, flattened: its id, its sentiment's compound ('' if none),
# its mention's text; the ids of the signals it could not read come last, for the store to
# skip and count. The mentions counted are those not yet expired.
HISTORY = """
local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local briefs = {}
local damaged = {}
if #ids > 0 then
  local keys = {}
  for i, id in ipairs(ids) do keys[i] = ARGV[1] .. id end
  for i, v in ipairs(redis.call('MGET', unpack(keys))) do
    local ok, s = false, nil
    if v then ok, s = pcall(cjson.decode, v) end
    if ok and type(s) == 'table' and type(s.mention) == 'table' then
      local c = type(s.sentiment) == 'table' and s.sentiment.compound
      local text = s.mention.text
      briefs[#briefs + 1] = ids[i]
      briefs[#briefs + 1] = type(c) == 'number' and tostring(c) or ''
      briefs[#briefs + 1] = type(text) == 'string' and text or ''
    elseif v then
      damaged[#damaged + 1] = ids[i]
    end
  end
end
return {briefs, redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[3], '+inf'),
        redis.call('SMEMBERS', KEYS[3]), damaged}
"""

# KEYS: none (derived from the prefix); ARGV: key prefix, conversation, customer. Read only:
# the ticket a routed mention may attach to, in one round trip.
OPEN_TICKET = _INDEX + """
local id = open_ticket(ARGV[2], ARGV[3])
if not id then return false end
return redis.call('GET', P .. 'ticket:' .. id)
"""

# KEYS: none; ARGV: key prefix, conversation, customer, the ticket counter's key, the customer's
# signals' key, how many of their latest signals. OPEN_TICKET, and where the conversation has
# no open ticket what opening one reads next, in the same round trip: the counter's next
# number (INCR, as ``next_number``) and the ids of the customer's latest signals still kept
# (as ``customer_signal_ids``: none decoded). {ticket JSON} when one was found ({false} when its
# record is gone: the caller reads as before), else {false, number, ids}.
OPEN_TICKET_OR_NUMBER = _INDEX + """
local id = open_ticket(ARGV[2], ARGV[3])
if id then return {redis.call('GET', P .. 'ticket:' .. id)} end
local ids = redis.call('ZREVRANGE', ARGV[5], 0, tonumber(ARGV[6]) - 1)
local kept = {}
if #ids > 0 then
  local keys = {}
  for i, sid in ipairs(ids) do keys[i] = P .. 'signal:' .. sid end
  for i, v in ipairs(redis.call('MGET', unpack(keys))) do
    if v then kept[#kept + 1] = ids[i] end
  end
end
return {false, redis.call('INCR', ARGV[4]), kept}
"""

# KEYS: the channels with items waiting; ARGV: now, owner, lease expiry, limit, prefix, chain,
# then the lanes (workspace NUL lane channel) the caller's own chains are delivering, skipped.
# The lanes are read from the ready and waiting indexes (``_LANES``): those come due are made
# ready first (at most PROMOTED a call; the rest the next), then the ready ones are read oldest
# head first, a window at a time, until the limit is claimed: what a claim reads grows with
# what it claims and the lanes held by chains under way, not with the lanes waiting (put off
# or not yet reached). Indexes that do not
# count the channels the set does (data a release before 2026-12-02 queued, which kept no
# index), or counts such a release changed since (``count``: run on the data since, or beside
# this one in a rolling upgrade, it may have retried or queued a card at a lane's head), are
# made again from the set, once.
CLAIM = _LANES + """
local out = {}
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[4])
local P = ARGV[5]
local ready, waiting = P .. 'outbox:ready', P .. 'outbox:waiting'
local taken = 0
local busy = {}
for i = 7, #ARGV do busy[ARGV[i]] = true end
-- the counts an earlier release changed since this one last wrote them (``count``), as nonzero
-- fields: equal when it wrote nothing that can move a lane's head
local function counts(key)
  local flat, out = redis.call('HGETALL', key), {}
  for i = 1, #flat, 2 do
    if tonumber(flat[i + 1]) ~= 0 then out[flat[i]] = flat[i + 1] end
  end
  return out, flat
end
local written, flat = counts(P .. 'outbox:counts')
local mine = counts(P .. 'outbox:indexed')
local same = true
for k, v in pairs(written) do if mine[k] ~= v then same = false end end
for k, v in pairs(mine) do if written[k] ~= v then same = false end end
-- at most once in REMADE seconds of the claims' clock (``outbox:remade``: until when not again;
-- one further ahead than that, a clock ahead, is not heeded): an earlier release still running
-- beside this one changes the counts at every write, and remaking the indexes at every claim
-- after one would read every lane at every claim of every process
local remade = tonumber(redis.call('GET', P .. 'outbox:remade') or '')
local rested = not (remade and remade > now and remade - now <= REMADE)
if rested and (not same or redis.call('SCARD', KEYS[1]) ~= redis.call('ZCARD', ready)
                                                       + redis.call('ZCARD', waiting)) then
  redis.call('SET', P .. 'outbox:remade', now + REMADE)
  -- each lane of the set once, then the entries of the indexes not in it (emptied since)
  local member = {}
  for _, chan in ipairs(redis.call('SMEMBERS', KEYS[1])) do
    member[chan] = true
    rehead(P, chan, now)
  end
  for _, key in ipairs({ready, waiting}) do
    for _, chan in ipairs(redis.call('ZRANGE', key, 0, -1)) do
      if not member[chan] then rehead(P, chan, now) end
    end
  end
  redis.call('DEL', P .. 'outbox:indexed')
  if #flat > 0 then redis.call('HSET', P .. 'outbox:indexed', unpack(flat)) end
end
for _, chan in ipairs(redis.call('ZRANGEBYSCORE', waiting, '-inf', now, 'LIMIT', 0,
                                 PROMOTED)) do
  rehead(P, chan, now)
end
-- the lanes left in the ready index as they were (held, skipped) come before the next window
local kept = 0
while taken < limit do
  local window = redis.call('ZRANGE', ready, kept, kept + math.max(limit - taken, 32) - 1)
  if #window == 0 then break end
  for _, chan in ipairs(window) do
    if taken >= limit then break end
    local lkey = P .. 'outbox:lease:' .. chan
    local lease = redis.call('GET', lkey)
    local free = not busy[chan]
    if free and lease then
      local sep = string.find(lease, '|', 1, true)
      local owner = string.sub(lease, sep + 1)
      if owner ~= ARGV[2] and tonumber(string.sub(lease, 1, sep - 1)) > now then
        free = false
      end
    end
    local zkey = P .. 'outbox:chan:' .. chan
    local room = math.min(tonumber(ARGV[6]), limit - taken)
    local heads = free and redis.call('ZRANGE', zkey, 0, room - 1) or {}
    local nxt = #heads > 0 and tonumber(redis.call('HGET', P .. 'outbox:item:' .. heads[1],
                                                   'next'))
    if free and not (nxt and nxt <= now) then
      rehead(P, chan, now)  -- emptied, or its head put off since: out of the ready index
    elseif free then
      redis.call('SET', lkey, ARGV[3] .. '|' .. ARGV[2])
      local pace = redis.call('GET', P .. 'cursor:_pace:' .. chan) or ''
      -- a lane of edits is the channel's name and the lane's (a unit separator between)
      local rchan, lane = chan, ''
      local cut = string.find(chan, string.char(31), 1, true)
      if cut then rchan, lane = string.sub(chan, 1, cut - 1), string.sub(chan, cut + 1) end
      -- the head, then the items right behind it while due (a chain, under one lease); with
      -- each, its key (to name one that cannot be read) and what the worker needs besides
      -- the item: claims so far, the channel's pace,
      -- the message already posted for the card (one round trip for the whole delivery)
      for i, key in ipairs(heads) do
        local ikey = P .. 'outbox:item:' .. key
        local due = tonumber(redis.call('HGET', ikey, 'next'))
        if i > 1 and not (due and due <= now) then break end
        local card = redis.call('HGET', ikey, 'card') or ''
        table.insert(out, key)
        table.insert(out, redis.call('HGET', ikey, 'json'))
        table.insert(out, redis.call('HINCRBY', ikey, 'started', 1))
        table.insert(out, pace)
        table.insert(out, redis.call('GET', P .. 'msgref:' .. rchan .. '\0' .. card) or '')
        table.insert(out, lane)
        taken = taken + 1
      end
    end
    if redis.call('ZSCORE', ready, chan) then kept = kept + 1 end
  end
end
return out
""".replace("PROMOTED", str(PROMOTED)).replace("REMADE", str(REMADE))

# KEYS: lease; ARGV: now, owner, expiry, real ttl
LEASE = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  local holder, expires = string.sub(v, sep + 1), tonumber(string.sub(v, 1, sep - 1))
  if holder ~= ARGV[2] and expires > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3] .. '|' .. ARGV[2], 'EX', ARGV[4])
return 1
"""

# KEYS: a lane's outbox lease; ARGV: owner, new expiry. Only while the owner holds it.
RENEW_LANE = """
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local sep = string.find(v, '|', 1, true)
if string.sub(v, sep + 1) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[1])
return 1
"""

# KEYS: a lease; ARGV: owner. Deletes it only while the owner holds it.
RELEASE = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if string.sub(v, sep + 1) == ARGV[1] then redis.call('DEL', KEYS[1]) end
end
return 1
"""

# KEYS: the layout stamp; ARGV: this release's layout. Sets a missing or lower stamp to it,
# never lowers one (a later release's); returns the stamp as it stands.
RAISE_LAYOUT = """
local v = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if v < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  return tonumber(ARGV[1])
end
return v
"""

# KEYS: timers zset, payloads hash, attempts hash; ARGV: now, limit, lease expiry
TAKE = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[3], id)
  local n = redis.call('HINCRBY', KEYS[3], id, 1)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[2], id) or '')
  table.insert(out, n)
end
return out
"""

# KEYS: sent zset, counts; ARGV: cutoff, prefix, limit
PRUNE_SENT = """
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, k in ipairs(keys) do
  redis.call('DEL', ARGV[2] .. 'outbox:item:' .. k)
  redis.call('ZREM', KEYS[1], k)
end
if #keys > 0 then
  redis.call('HINCRBY', KEYS[2], 'sent', -#keys)
  redis.call('HINCRBY', ARGV[2] .. 'outbox:indexed', 'sent', -#keys)  -- as _LANES count
end
return #keys
"""

# KEYS: dead set, counts; ARGV: cutoff, prefix, SSCAN cursor, count. One step of a walk over
# the dead deliveries (the set has no time index: the time each died is its item's 'next'),
# bounded by the count; answers the next cursor and how many were deleted. A member no longer
# dead (retried by hand: requeue takes it out of the set in the same script) is left alone.
PRUNE_DEAD = """
local scan = redis.call('SSCAN', KEYS[1], ARGV[3], 'COUNT', ARGV[4])
local cutoff = tonumber(ARGV[1])
local n = 0
for _, k in ipairs(scan[2]) do
  local ikey = ARGV[2] .. 'outbox:item:' .. k
  local item = redis.call('HMGET', ikey, 'status', 'next')
  if item[1] == 'dead' and tonumber(item[2]) and tonumber(item[2]) <= cutoff then
    redis.call('DEL', ikey)
    redis.call('SREM', KEYS[1], k)
    n = n + 1
  end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[2], 'dead', -n)
  redis.call('HINCRBY', ARGV[2] .. 'outbox:indexed', 'dead', -n)  -- as _LANES count
end
return {scan[1], n}
"""

# KEYS: one kind's dead letters (hash: id -> JSON with 'at'); ARGV: cutoff, HSCAN cursor,
# count. As PRUNE_DEAD: one bounded step; answers the next cursor and how many were deleted.
# A letter's time is read where the store writes it ('{"reason": "...", "at": 1764579600.5,
# "data": ...}'), not by decoding the letter: its data is a whole post (45 KB of JSON for
# 20,000 characters with quotes), and decoding 500 of those held Redis 0.47 s a call. A quote
# inside a JSON string is always escaped, so ', "at": ' is the key itself; any other shape is
# decoded.
PRUNE_DEAD_LETTERS = """
local function died(raw)
  local at = string.find(raw, ', "at": ', 1, true)
  if at then return tonumber(string.match(raw, '^[%d%.eE+-]+', at + 8)) end
  local ok, d = pcall(cjson.decode, raw)
  return ok and type(d) == 'table' and tonumber(d.at) or nil
end
local scan = redis.call('HSCAN', KEYS[1], ARGV[2], 'COUNT', ARGV[3])
local cutoff = tonumber(ARGV[1])
local flat = scan[2]
local n = 0
for i = 1, #flat, 2 do
  local at = died(flat[i + 1])
  if at and at <= cutoff then
    redis.call('HDEL', KEYS[1], flat[i])
    n = n + 1
  end
end
return {scan[1], n}
"""

# KEYS: a stream; ARGV: the last entry id to delete (the cutoff's millisecond), count. Deletes
# up to count entries from the oldest; answers how many.
PRUNE_STREAM = """
local entries = redis.call('XRANGE', KEYS[1], '-', ARGV[1], 'COUNT', ARGV[2])
for _, e in ipairs(entries) do redis.call('XDEL', KEYS[1], e[1]) end
return #entries
"""

# KEYS: the audit list; ARGV: cutoff (seconds since the epoch), count. Drops the events at the
# head of the list (the oldest written) older than the cutoff, up to count of them, as the
# store did one LPOP at a time; answers how many. An event's time is its JSON's 'at', an ISO
# 8601 instant as pydantic writes it ('2026-12-01T09:00:00.5Z', '...+05:30'), turned into
# seconds as Python's datetime.timestamp() does (whole microseconds over 10^6, one rounding),
# so the comparison is the one the SQLite store makes on the same event. The 'at' is read where
# pydantic writes it, second after the generated id ('{"id":"E-…","at":"…",'), not by decoding
# the event: its before and after may hold a long draft or a ticket's many mention ids, and 200
# events of 75 KB decoded held Redis 0.22 s a call; an event of any other shape is decoded.
PRUNE_AUDIT = r"""
local function epoch(s)
  if type(s) ~= 'string' then return nil end
  local y, mo, d, h, mi, sec, rest = string.match(
    s, '^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$')
  if not y then return nil end
  local us = 0
  local frac = string.match(rest, '^%.(%d+)')
  if frac then
    us = tonumber(string.sub(frac .. '000000', 1, 6))
    rest = string.sub(rest, #frac + 2)
  end
  local offset = 0
  if rest ~= 'Z' then
    local sign, oh, om = string.match(rest, '^([+-])(%d%d):?(%d%d)$')
    if not sign then return nil end
    offset = tonumber(oh) * 3600 + tonumber(om) * 60
    if sign == '-' then offset = -offset end
  end
  -- days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if mo <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1
  local days = era * 146097 + yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
    - 719468
  local secs = days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(sec) - offset
  return (secs * 1000000 + us) / 1000000
end
local cutoff = tonumber(ARGV[1])
local rows = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local n = 0
for i, row in ipairs(rows) do
  local at = string.match(row, '^{"id":"[^"\\]*","at":"([^"]*)"')
  if at then
    at = epoch(at)
  else
    local ok, event = pcall(cjson.decode, row)
    at = ok and type(event) == 'table' and epoch(event.at)
  end
  if not at then
    return redis.error_reply('audit event ' .. (i - 1) .. ' of the list has no time this ' ..
                             'release reads: ' .. string.sub(row, 1, 120))
  end
  if at >= cutoff then break end
  n = n + 1
end
if n > 0 then redis.call('LTRIM', KEYS[1], n, -1) end
return n
"""

# KEYS: the mention stream's dead letters, the mention stream, the audit list; ARGV: a dead
# letter's entry id, the mention stream's MAXLEN, its retry's audit event (JSON), and "requeue"
# (its post appended to the mention stream again, to be processed once) or "drop" (its post
# was processed since: only removed). Answers the new entry's id ("drop": "dropped"), "" for an
# entry holding no post (nothing done), false for one no longer there (another retry took it):
# the append, the removal and the audit row are one step, so a retry killed at any moment and
# two retries at once leave the post once, in one of the two streams.
REQUEUE_DEAD = """
local got = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #got == 0 then return false end
local fields, m = got[1][2], ''
for i = 1, #fields, 2 do
  if fields[i] == 'm' then m = fields[i + 1] end
end
if m == '' then return '' end
local answer = 'dropped'
if ARGV[4] == 'requeue' then
  answer = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'm', m, 'retried', ARGV[1])
end
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[3], ARGV[3])
return answer
"""
