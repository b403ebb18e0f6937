/**
 * The Lua scripts of the Redis store. Each runs atomically on the server, so a check and the
 * write it guards can never be split by another replica. Values arrive as JSON text built in
 * Node (Lua's cjson would round numbers); the scripts only compare, count and store.
 */

/** Lua: `now` = the server's time in ms (records expire by the server's clock, as PEXPIREAT does). */
const NOW = `local t = redis.call('TIME')
local now = string.format('%d', t[1] * 1000 + math.floor(t[2] / 1000))`;

/**
 * Lua: puts the incident ARGV[i] in the open index (KEYS[open]) when ARGV[i+1] is '1', and in
 * the resolved index (KEYS[resolved], scored by resolution time) when ARGV[i+2] is not ''.
 */
function indexIncident(open: number, resolved: number, i: number): string {
  return `if ARGV[${i + 1}] == '1' then redis.call('ZADD', KEYS[${open}], 0, ARGV[${i}]) else redis.call('ZREM', KEYS[${open}], ARGV[${i}]) end
if ARGV[${i + 2}] ~= '' then redis.call('ZADD', KEYS[${resolved}], ARGV[${i + 2}], ARGV[${i}]) else redis.call('ZREM', KEYS[${resolved}], ARGV[${i}]) end`;
}

/**
 * Creates an incident: KEYS = [events, incident ids, summary, open index, resolved index];
 * ARGV = [id, open, resolvedAt, event JSON, summary JSON]. Returns 1, or 0 (writing nothing)
 * when the incident exists.
 */
export const CREATE_INCIDENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('SET', KEYS[3], ARGV[5])
${indexIncident(4, 5, 1)}
return 1`;

/**
 * Appends one event with its new summary: KEYS = [events, summary, open index, resolved index];
 * ARGV = [id, open, resolvedAt, events before it, event JSON, summary JSON]. The list length is
 * the sequence counter: the append happens only when it is still what the writer read, so seqs
 * never repeat or skip. Returns 1; 0 when another append came first; -1 when the incident does not exist.
 */
export const APPEND_EVENT = `
local n = redis.call('LLEN', KEYS[1])
if n == 0 then return -1 end
if n ~= tonumber(ARGV[4]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[5])
redis.call('SET', KEYS[2], ARGV[6])
${indexIncident(3, 4, 1)}
return 1`;

/**
 * Stores a refolded summary: KEYS as APPEND_EVENT; ARGV = [id, open, resolvedAt, events it was
 * folded from, summary JSON]. Returns 1, or 0 when the timeline changed meanwhile.
 */
export const SET_SUMMARY = `
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[4]) then return 0 end
redis.call('SET', KEYS[2], ARGV[5])
${indexIncident(3, 4, 1)}
return 1`;

/**
 * Compare-and-set of a record: KEYS = [record hash, kind index]; ARGV = [id, expected version,
 * value JSON, expiresAt or '']. The index scores each id by its expiry (+inf: never), and
 * expired ids are swept from it on every put. Returns the new version, or 0 when the current
 * version is not the expected one.
 */
export const PUT_RECORD = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'd', ARGV[3])
if ARGV[4] == '' then
  redis.call('PERSIST', KEYS[1])
  redis.call('ZADD', KEYS[2], 'inf', ARGV[1])
else
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
return v + 1`;

/**
 * Deletes a record: KEYS as PUT_RECORD; ARGV = [id, expected version or '']. Returns 1, or 0
 * when there was none or its version differs.
 */
export const DELETE_RECORD = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return 0 end
if ARGV[2] ~= '' and tonumber(v) ~= tonumber(ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;

/**
 * The live records of a kind: KEYS = [kind index]; ARGV = [record key prefix, '1' to include
 * values, id prefix]. Returns id[, version, value JSON], … sorted by id; without values no
 * record hash is read, only checked to exist.
 */
export const LIST_RECORDS = `
${NOW}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
table.sort(ids)
local out = {}
for _, id in ipairs(ids) do
  if string.sub(id, 1, #ARGV[3]) == ARGV[3] then
    if ARGV[2] == '1' then
      local r = redis.call('HMGET', ARGV[1] .. id, 'v', 'd')
      if r[1] then
        out[#out + 1] = id
        out[#out + 1] = r[1]
        out[#out + 1] = r[2]
      end
    elseif redis.call('EXISTS', ARGV[1] .. id) == 1 then
      out[#out + 1] = id
    end
  end
end
return out`;

/**
 * Creates or replaces a timer (dropping its lease): KEYS = [timer hash, due index, lease hash];
 * ARGV = [id, dueAt, timer JSON].
 */
export const SCHEDULE_TIMER = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`;

/** Removes a timer: KEYS as SCHEDULE_TIMER; ARGV = [id]. Returns 1, or 0 when there was none. */
export const CANCEL_TIMER = `
local n = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return n`;

/**
 * Leases due timers: KEYS as SCHEDULE_TIMER; ARGV = [now, owner, leaseUntil, limit]. Walks the
 * due index (dueAt, then id) and leases each timer without a live lease ("leaseUntil|owner").
 * Returns a flat list id, timer JSON, … of the timers now held by owner.
 */
export const CLAIM_TIMERS = `
local out = {}
local limit = tonumber(ARGV[4]) * 2
local now = tonumber(ARGV[1])
local offset = 0
while #out < limit do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', offset, 100)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    local lease = redis.call('HGET', KEYS[3], id)
    if (not lease) or tonumber(string.match(lease, '^([^|]*)|')) <= now then
      redis.call('HSET', KEYS[3], id, ARGV[3] .. '|' .. ARGV[2])
      out[#out + 1] = id
      out[#out + 1] = redis.call('HGET', KEYS[1], id)
      if #out >= limit then break end
    end
  end
  offset = offset + #ids
end
return out`;

/**
 * Extends a live lease: KEYS as SCHEDULE_TIMER; ARGV = [id, owner, now, new leaseUntil].
 * Returns 1, or 0 when the lease ran out, is someone else's, or the timer was replaced or removed.
 */
export const RENEW_TIMER = `
local lease = redis.call('HGET', KEYS[3], ARGV[1])
if not lease then return 0 end
local bar = string.find(lease, '|', 1, true)
if string.sub(lease, bar + 1) ~= ARGV[2] or tonumber(string.sub(lease, 1, bar - 1)) <= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4] .. '|' .. ARGV[2])
return 1`;

/**
 * Deletes a timer held by an owner: KEYS as SCHEDULE_TIMER; ARGV = [id, owner]. Returns 1, or 0
 * when the timer is gone or someone else holds it.
 */
export const COMPLETE_TIMER = `
local lease = redis.call('HGET', KEYS[3], ARGV[1])
if not lease then return 0 end
if string.sub(lease, string.find(lease, '|', 1, true) + 1) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`;
