/**
 * The rules of `appendWithin` (capped-list.ts) as a Lua function, run atomically on the server by the scripts that
 * append to a capped list: `append_capped(key, item, maxItems, maxBytes, ttlMs, unique)` adds the item's JSON text,
 * drops the oldest items until both bounds hold and sets the TTL; `unique` is the `uniqueId` prefix (or '').
 * The value is a JSON array of strings; sizes count cjson's own encoding, so the bound is on the bytes Redis holds.
 */
export const APPEND_CAPPED_FUNCTION = `
local function append_capped(key, item, maxItems, maxBytes, ttl, unique)
  local held = redis.call('GET', key)
  -- Inside a stored item every quote is escaped: an unescaped quote after '[' or ',' starts an item.
  if held and unique ~= '' then
    local needle = string.sub(cjson.encode(unique), 1, -2)
    if string.find(held, '[' .. needle, 1, true) or string.find(held, ',' .. needle, 1, true) then return 0 end
  end
  local encoded = cjson.encode(item)
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
      redis.call('SET', key, string.sub(held, 1, -2) .. ',' .. encoded .. ']', 'PX', ttl)
    else
      redis.call('SET', key, '[' .. encoded .. ']', 'PX', ttl)
    end
    return 1
  end
  items[#items + 1] = item
  local drop = 0
  while drop < #items and (#items - drop > maxItems or total > maxBytes) do
    drop = drop + 1
    total = total - #cjson.encode(items[drop]) - 1
  end
  if drop == #items then
    redis.call('DEL', key)
    return 1
  end
  local kept = {}
  for i = drop + 1, #items do kept[#kept + 1] = items[i] end
  redis.call('SET', key, cjson.encode(kept), 'PX', ttl)
  return 1
end
`;

/**
 * The Redis script behind `RedisStore.appendCapped`. KEYS[1] the list; ARGV: the item's JSON text, max items, max
 * bytes, TTL in ms, the `uniqueId` prefix (or '').
 */
export const APPEND_CAPPED = `${APPEND_CAPPED_FUNCTION}
return append_capped(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5])`;
