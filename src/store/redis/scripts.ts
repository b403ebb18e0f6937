/**
 * The Lua scripts of the Redis store. Each runs atomically on the server, so a check and the
 * write it guards can never be split by another replica. Values arrive as JSON text built in
 * Node (Lua's cjson would round numbers); the scripts only compare, count and concatenate.
 */

/**
 * Creates an incident: KEYS = [events list, incident index]; ARGV = [id, event JSON without
 * `seq`]. Returns 1, or 0 (writing nothing) when the incident exists.
 */
export const CREATE_INCIDENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('RPUSH', KEYS[1], '{"seq":1,' .. string.sub(ARGV[2], 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1`;

/**
 * Appends one event: KEYS = [events list]; ARGV = [event JSON without \`seq\`]. The list length
 * is the sequence counter, so seqs never repeat or skip. Returns the new seq, or 0 when the
 * incident does not exist.
 */
export const APPEND_EVENT = `
local n = redis.call('LLEN', KEYS[1])
if n == 0 then return 0 end
n = n + 1
redis.call('RPUSH', KEYS[1], '{"seq":' .. string.format('%d', n) .. ',' .. string.sub(ARGV[1], 2))
return n`;

/**
 * Compare-and-set of a record: KEYS = [record hash, kind index]; ARGV = [id, expected version,
 * value JSON]. Returns the new version, or 0 when the current version is not the expected one.
 */
export const PUT_RECORD = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'd', ARGV[3])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return v + 1`;

/**
 * Reads every record of a kind: KEYS = [kind index]; ARGV = [record key prefix]. Returns a flat
 * list id, version, value JSON, … in id order; index entries whose record is gone are dropped.
 */
export const LIST_RECORDS = `
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local r = redis.call('HMGET', ARGV[1] .. id, 'v', 'd')
  if r[1] then
    out[#out + 1] = id
    out[#out + 1] = r[1]
    out[#out + 1] = r[2]
  else
    redis.call('ZREM', KEYS[1], id)
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
