/**
 * Lua for the dedup store. Each entry is one JSON string shaped exactly like the port's
 * `DedupEntry`; expiry is decided by its `leaseExpiresAt` / `expiresAt` against the caller's `now`.
 * Scripts return the stored JSON untouched so numbers never pass through Lua's number formatting.
 */

/** Shared helper: the logical expiry of a decoded entry. */
const EXPIRY = `
local function expiry(e)
  if e.state == 'pending' then return e.leaseExpiresAt end
  return e.expiresAt
end`;

/**
 * KEYS: the dedup keys, in the caller's order. ARGV: claimId, now, pending-entry JSON, PX.
 * Returns {'hit', index, json} | {'pending', index, json} | {'claimed'}: all keys or none.
 */
export const CLAIM = `${EXPIRY}
local now = tonumber(ARGV[2])
local raws, entries = {}, {}
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if raw then
    local e = cjson.decode(raw)
    if expiry(e) > now then raws[i] = raw; entries[i] = e end
  end
end
for i = 1, #KEYS do
  local e = entries[i]
  if e and e.state == 'ticket' then return {'hit', i, raws[i]} end
end
for i = 1, #KEYS do
  local e = entries[i]
  if e and e.state == 'pending' and e.claimId ~= ARGV[1] then return {'pending', i, raws[i]} end
end
for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[3], 'PX', ARGV[4]) end
return {'claimed'}`;

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
