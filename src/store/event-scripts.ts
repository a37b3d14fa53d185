import { APPEND_CAPPED_FUNCTION } from './capped-list-script.js';

/**
 * The start of an event on Redis: lock (with its fencing token), dedupe claim, reads. KEYS: lock, fence, claim,
 * reads…; ARGV: lock ttl, claim value, claim ttl. Answers { 0 } while the lock is held by another, else
 * { token, claimed (1/0), the claim's value when not claimed, the reads… }.
 */
export const START_EVENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return { 0 } end
local token = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 604800000)
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
local answer = { token, 1, false }
if not redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3], 'NX') then
  answer[2] = 0
  answer[3] = redis.call('GET', KEYS[3])
end
for i = 4, #KEYS do answer[i] = redis.call('GET', KEYS[i]) end
return answer`;

/**
 * The end of an event on Redis: the writes in order ('' deletes; ttl 0: no expiry), the appends to capped lists in
 * order (`append_capped`, the bounds kept atomically), then the lock's release by its token.
 * KEYS: lock, written keys…, appended lists…; ARGV: token, the number of writes, the value and ttl of each write,
 * then the item, max items, max bytes, ttl and unique prefix of each append.
 */
export const FINISH_EVENT = `${APPEND_CAPPED_FUNCTION}
local writes = tonumber(ARGV[2])
for i = 1, writes do
  local value = ARGV[2 * i + 1]
  local ttl = tonumber(ARGV[2 * i + 2])
  if value == '' then
    redis.call('DEL', KEYS[i + 1])
  elseif ttl > 0 then
    redis.call('SET', KEYS[i + 1], value, 'PX', ttl)
  else
    redis.call('SET', KEYS[i + 1], value)
  end
end
local at = 2 * writes + 3
for i = writes + 2, #KEYS do
  append_capped(KEYS[i], ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), ARGV[at + 3], ARGV[at + 4])
  at = at + 5
end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;
