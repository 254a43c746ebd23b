import { createHash } from 'node:crypto';
import type { Redis } from '@schools24/redis';

/**
 * A Lua script run with EVALSHA, falling back to EVAL after NOSCRIPT (e.g. after Redis restarted,
 * which empties its script cache). Every key a script touches is passed in KEYS, and all keys of a
 * kind share one hash tag, so the scripts are valid on Redis Cluster too.
 */
export class LuaScript {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/*
 * Idempotency key values: `p:<stream id>` buffered, `f:<stream id>` flushed (kept for a while so a
 * late client retry is still recognised), `d:<dead-letter id>` dead-lettered.
 */

/**
 * Append. KEYS: stream, idempotency key, dead-letter stream, index keys...
 * ARGV: bound (0 = none), tenant, idempotency id, actor, payload, accepted-at ms, index keys JSON,
 * dead-letter id being retried ('' for a normal append).
 * Returns {'ok', id} | {'dup', state} | {'full', length} | {'gone', state}.
 * No MAXLEN: unflushed entries are never trimmed; the bound refuses instead.
 */
export const appendScript = new LuaScript(`
local existing = redis.call('GET', KEYS[2])
if ARGV[8] ~= '' then
  if existing ~= ('d:' .. ARGV[8]) then return {'gone', existing or ''} end
elseif existing then
  return {'dup', existing}
end
local bound = tonumber(ARGV[1])
if bound > 0 then
  local length = redis.call('XLEN', KEYS[1])
  if length >= bound then return {'full', tostring(length)} end
end
local id = redis.call('XADD', KEYS[1], '*', 't', ARGV[2], 'i', ARGV[3], 'a', ARGV[4], 'p', ARGV[5], 'at', ARGV[6], 'x', ARGV[7])
redis.call('SET', KEYS[2], 'p:' .. id)
local ms = tonumber(string.match(id, '^(%d+)'))
for k = 4, #KEYS do redis.call('ZADD', KEYS[k], ms, id) end
if ARGV[8] ~= '' then redis.call('XDEL', KEYS[3], ARGV[8]) end
return {'ok', id}
`);

/**
 * Acknowledge flushed entries: XACK, then XDEL, then drop them from the read-your-writes index and
 * mark their idempotency keys flushed (with a TTL).
 * KEYS: stream, stats, then per entry: idempotency key, index keys...
 * ARGV: group, idempotency TTL seconds, then per entry: stream id, number of its keys.
 * Returns how many entries this call acknowledged (0 for one another consumer already acked).
 */
export const ackScript = new LuaScript(`
local k = 3
local a = 3
local acked = 0
while a <= #ARGV do
  local id = ARGV[a]
  local n = tonumber(ARGV[a + 1])
  a = a + 2
  if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then acked = acked + 1 end
  redis.call('XDEL', KEYS[1], id)
  if redis.call('GET', KEYS[k]) == ('p:' .. id) then
    redis.call('SET', KEYS[k], 'f:' .. id, 'EX', ARGV[2])
  end
  for j = k + 1, k + n - 1 do redis.call('ZREM', KEYS[j], id) end
  k = k + n
end
if acked > 0 then redis.call('HINCRBY', KEYS[2], 'flushed', acked) end
return acked
`);

/**
 * Move one entry to the dead-letter stream, atomically with its ack.
 * KEYS: stream, dead-letter stream, stats, idempotency key, index keys...
 * ARGV: group, stream id, last error, delivery count, then the entry's field/value pairs.
 * Returns the dead-letter id, or '' when the entry was no longer pending (someone else settled it).
 */
export const deadLetterScript = new LuaScript(`
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return '' end
redis.call('XDEL', KEYS[1], ARGV[2])
local args = {KEYS[2], '*', 'o', ARGV[2], 'e', ARGV[3], 'n', ARGV[4]}
for a = 5, #ARGV do args[#args + 1] = ARGV[a] end
local deadId = redis.call('XADD', unpack(args))
if redis.call('GET', KEYS[4]) == ('p:' .. ARGV[2]) then redis.call('SET', KEYS[4], 'd:' .. deadId) end
for k = 5, #KEYS do redis.call('ZREM', KEYS[k], ARGV[2]) end
redis.call('HINCRBY', KEYS[3], 'dead', 1)
return deadId
`);

/**
 * Buffered entries under one read-your-writes index key, oldest first.
 * KEYS: index key, stream. ARGV: limit.
 */
export const pendingByIndexScript = new LuaScript(`
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
local out = {}
for _, id in ipairs(ids) do
  local found = redis.call('XRANGE', KEYS[2], id, id)
  if #found > 0 then out[#out + 1] = found[1] end
end
return out
`);
