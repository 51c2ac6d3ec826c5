/**
 * Lua for the dedup store. Each entry is one JSON string shaped exactly like the port's
 * `DedupEntry`; expiry is decided by its `leaseExpiresAt` / `expiresAt` against the caller's `now`.
 * Scripts return the stored JSON untouched so numbers never pass through Lua's number formatting;
 * only RENEW re-encodes an entry, whose numbers are epoch milliseconds (13 digits, exact under
 * cjson's 14-digit precision).
 */

/**
 * KEYS: the dedup keys, in the caller's order, then (with a seen mark) the replay guard's key.
 * ARGV: claimId, now, the pending entry's JSON without its closing `"markers":[…]}` part, PX, the
 * claim's marker, then with a seen mark: its expiresAt and PX (the FIRST_SEEN script's work).
 * Returns {'hit', seen, index, json} | {'pending', seen, index, json} | {'claimed', seen, abandoned
 * markers…}, where seen is '' (no mark asked), '1' (first seen) or '0': all keys or none. A pending
 * entry whose lease ended is taken over, its markers reported as abandoned.
 */
export const CLAIM = `
local now = tonumber(ARGV[2])
local n = #KEYS
local seen = ''
if ARGV[6] then
  n = n - 1
  local until_ = redis.call('GET', KEYS[#KEYS])
  if until_ and tonumber(until_) > now then
    seen = '0'
  else
    redis.call('SET', KEYS[#KEYS], ARGV[6], 'PX', ARGV[7])
    seen = '1'
  end
end
local raws, entries = {}, {}
for i = 1, n do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local e = cjson.decode(raw)
    if e.state == 'pending' or e.expiresAt > now then raws[i] = raw; entries[i] = e end
  end
end
for i = 1, n do
  local e = entries[i]
  if e and e.state == 'ticket' then return {'hit', seen, i, raws[i]} end
end
local abandoned, known = {}, {}
for i = 1, n do
  local e = entries[i]
  if e and e.claimId ~= ARGV[1] then
    if e.leaseExpiresAt > now then return {'pending', seen, i, raws[i]} end
    if type(e.markers) == 'table' then
      for _, m in ipairs(e.markers) do
        if not known[m] then known[m] = true; table.insert(abandoned, m) end
      end
    end
  end
end
local all = {}
for _, m in ipairs(abandoned) do table.insert(all, m) end
if not known[ARGV[5]] then table.insert(all, ARGV[5]) end
local json = ARGV[3] .. '"markers":' .. cjson.encode(all) .. '}'
for i = 1, n do redis.call('SET', KEYS[i], json, 'PX', ARGV[4]) end
local reply = {'claimed', seen}
for _, m in ipairs(abandoned) do table.insert(reply, m) end
return reply`;

/** KEYS: the dedup keys. ARGV: claimId, new leaseExpiresAt, PX. Returns 1 when renewed, 0 when not held. */
export const RENEW = `
local entries = {}
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if not raw then return 0 end
  local e = cjson.decode(raw)
  if e.state ~= 'pending' or e.claimId ~= ARGV[1] then return 0 end
  entries[i] = e
end
for i, key in ipairs(KEYS) do
  entries[i].leaseExpiresAt = tonumber(ARGV[2])
  redis.call('SET', key, cjson.encode(entries[i]), 'PX', ARGV[3])
end
return 1`;

/** KEYS: the dedup keys. ARGV: claimId, ticket-entry JSON, PX. Returns 1 when written, 0 when not owned. */
export const COMPLETE = `
for _, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if not raw then return 0 end
  local e = cjson.decode(raw)
  if e.state ~= 'pending' or e.claimId ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** KEYS: the dedup keys. ARGV: claimId. Deletes the keys this claim still holds. */
export const RELEASE = `
for _, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if raw then
    local e = cjson.decode(raw)
    if e.state == 'pending' and e.claimId == ARGV[1] then redis.call('DEL', key) end
  end
end
return 0`;

/** KEYS: the dedup keys. ARGV: ticketId. Deletes the keys that still point at that ticket. */
export const FORGET = `
for _, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if raw then
    local e = cjson.decode(raw)
    if e.state == 'ticket' and type(e.ticket) == 'table' and e.ticket.id == ARGV[1] then
      redis.call('DEL', key)
    end
  end
end
return 0`;

/**
 * KEYS: one dedup key. ARGV: now, the ticket entry's JSON, PX. Writes the entry unless the key holds
 * a live one (a ticket whose window has not ended, or a claim whose lease has not). Returns 1 when
 * it wrote.
 */
export const RECORD = `
local raw = redis.call('GET', KEYS[1])
if raw then
  local e = cjson.decode(raw)
  local now = tonumber(ARGV[1])
  if (e.state == 'ticket' and e.expiresAt > now) or (e.state == 'pending' and e.leaseExpiresAt > now) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
