/**
 * The Redis script behind `RedisStore.appendCapped`: the rules of `appendWithin` (capped-list.ts) run atomically on
 * the server. KEYS[1] the list; ARGV: the item's JSON text, max items, max bytes, TTL in ms, the `uniqueId` prefix
 * (or ''). The value is a JSON array of strings; sizes count cjson's own encoding, so the bound is on the bytes
 * Redis holds.
 */
export const APPEND_CAPPED = `
local held = redis.call('GET', KEYS[1])
local unique = ARGV[5]
-- Inside a stored item every quote is escaped: an unescaped quote after '[' or ',' starts an item.
if held and unique ~= '' then
  local needle = string.sub(cjson.encode(unique), 1, -2)
  if string.find(held, '[' .. needle, 1, true) or string.find(held, ',' .. needle, 1, true) then return 0 end
end
local encoded = cjson.encode(ARGV[1])
local maxItems = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local items = nil
local total = 2
if held then
  local ok, decoded = pcall(cjson.decode, held)
  if ok and type(decoded) == 'table' then
    items = decoded
    total = #held
  end
end
if items == nil or #items == 0 then
  items = {}
  total = 2
end
-- Only an item that fits is kept: the fast path appends to the stored text.
if #items > 0 then total = total + 1 end
total = total + #encoded
if #items < maxItems and total <= maxBytes then
  if held and #items > 0 then
    redis.call('SET', KEYS[1], string.sub(held, 1, -2) .. ',' .. encoded .. ']', 'PX', ARGV[4])
  else
    redis.call('SET', KEYS[1], '[' .. encoded .. ']', 'PX', ARGV[4])
  end
  return 1
end
items[#items + 1] = ARGV[1]
local drop = 0
while drop < #items and (#items - drop > maxItems or total > maxBytes) do
  drop = drop + 1
  total = total - #cjson.encode(items[drop]) - 1
end
if drop == #items then
  redis.call('DEL', KEYS[1])
  return 1
end
local kept = {}
for i = drop + 1, #items do kept[#kept + 1] = items[i] end
redis.call('SET', KEYS[1], cjson.encode(kept), 'PX', ARGV[4])
return 1`;
