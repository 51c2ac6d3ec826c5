/**
 * Lua for the outbox. Per reference: a hash `<prefix>outbox:h:<REF>` (state, entry JSON as stored by
 * the caller, available_at, owner, lease, last_error, delivery JSON) and a list `<prefix>outbox:f:<REF>`
 * of follow-ups; plus one sorted set `<prefix>outbox:queue` of queued references scored by queue time.
 * The entry JSON is never re-encoded in Lua; attempts are counted in the hash.
 */

/**
 * KEYS: hash, queue. ARGV: reference, entry JSON, queuedAt, availableAt, owner ('' for none), lease.
 * Returns 1 when queued, 0 when the reference is taken.
 */
export const ENQUEUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'state', 'queued', 'entry', ARGV[2], 'available_at', ARGV[4], 'owner', ARGV[5], 'lease', ARGV[6], 'attempts', '0')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`;

/**
 * KEYS: queue. ARGV: hash key prefix, owner, now, lease expiry, scan limit, follow-up key prefix, take
 * limit. Leases the oldest due, unleased entries in turn, at most `take limit`, ending at the first entry
 * that is not a note kept for a digest (its JSON has no `joined`), which is included. Returns
 * {{reference, entry JSON, attempts, follow-ups…}…}.
 */
export const TAKE_BATCH = `
local now = tonumber(ARGV[3])
local limit = tonumber(ARGV[7])
local taken = {}
if limit < 1 then return taken end
local refs = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[5]) - 1)
for _, ref in ipairs(refs) do
  local h = ARGV[1] .. ref
  local f = redis.call('HMGET', h, 'state', 'available_at', 'lease', 'entry')
  if f[1] == 'queued' and tonumber(f[2]) <= now and tonumber(f[3]) <= now then
    redis.call('HSET', h, 'owner', ARGV[2], 'lease', ARGV[4])
    local attempts = redis.call('HINCRBY', h, 'attempts', 1)
    local one = {ref, f[4], attempts}
    for _, text in ipairs(redis.call('LRANGE', ARGV[6] .. ref, 0, -1)) do table.insert(one, text) end
    table.insert(taken, one)
    if #taken >= limit then break end
    local ok, entry = pcall(cjson.decode, f[4])
    local joined
    if ok then
      joined = type(entry) == 'table' and type(entry.joined) == 'table'
    else
      -- JSON cjson refuses (a lone surrogate escape from a cut emoji): the top-level key as written.
      joined = string.find(f[4], '"joined":{', 1, true) ~= nil
    end
    if not joined then break end
  elseif f[1] ~= 'queued' then
    redis.call('ZREM', KEYS[1], ref)
  end
end
return taken`;

/** KEYS: hash. ARGV: owner, availableAt, error. */
export const RETRY_LATER = `
local f = redis.call('HMGET', KEYS[1], 'state', 'owner')
if f[1] ~= 'queued' or f[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'owner', '', 'lease', '0', 'available_at', ARGV[2], 'last_error', ARGV[3])
return 1`;

/**
 * KEYS: queue. ARGV: hash key prefix, follow-up key prefix, delivery JSON, PX, follow-ups already
 * added, references… Marks each queued entry delivered (kept for PX ms, out of the queue) and drops its
 * follow-ups; returns per reference {1, follow-ups still to add…}, or {0} when it was not queued.
 */
export const MARK_ALL_DELIVERED = `
local replies = {}
for i = 6, #ARGV do
  local ref = ARGV[i]
  local h = ARGV[1] .. ref
  local f = ARGV[2] .. ref
  if redis.call('HGET', h, 'state') ~= 'queued' then
    table.insert(replies, {0})
  else
    redis.call('HSET', h, 'state', 'delivered', 'delivery', ARGV[3], 'owner', '')
    redis.call('ZREM', KEYS[1], ref)
    redis.call('PEXPIRE', h, ARGV[4])
    local reply = {1}
    for _, text in ipairs(redis.call('LRANGE', f, tonumber(ARGV[5]), -1)) do table.insert(reply, text) end
    redis.call('DEL', f)
    table.insert(replies, reply)
  end
end
return replies`;

/** KEYS: hash, follow-up list. ARGV: text. Appends while queued; returns the state ('' when unknown). */
export const ADD_FOLLOW_UP = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return '' end
if state == 'queued' then redis.call('RPUSH', KEYS[2], ARGV[1]) end
return state`;
