package dev.lropoller.redis;

/** The Lua script behind {@link RedisFleetBudget}: one script, so one SHA to run by EVALSHA. */
final class FleetBudgetScript {

  /** The SHA-1 of {@link #TEXT} in hex, the name EVALSHA runs it by. */
  static final String SHA1;

  /**
   * The script's text. Kept in Java rather than a resource so that creating a budget reads no
   * file, wherever that happens.
   */
  static final String TEXT = """
-- The fleet budget of one key, decided on the Redis server with the server's clock (TIME).
--
-- KEYS[1]  a sorted set of slots: member = slot id, score = the Redis time (ms) until which
--          the slot counts. A slot counts while its score is after now.
-- KEYS[2]  a hash: 'seq' numbers the slots, 'cool' is the Redis time (ms) a cool-down ends.
-- ARGV[1]  the operation:
--   acquire  ARGV[2] limit, ARGV[3] pending bound (ms)
--            -> {1, slot id} or {0, wait (ms), 'full' | 'cooling'}
--   answered ARGV[2] slot id
--            -> 1 when the slot now counts until a minute after this answer, 0 when it is gone
--   cool     ARGV[2] duration (ms)
--            -> the cool-down left (ms), after extending it if this one ends later
-- The argument after an operation's own ones is a clock offset in ms added to TIME. Only
-- tests pass it, to reach minute boundaries without waiting; production calls leave it out.

local WINDOW_MS = 60000
local slots = KEYS[1]
local meta = KEYS[2]
local op = ARGV[1]

local function now_ms(offset_index)
  local t = redis.call('TIME')
  local offset = tonumber(ARGV[offset_index] or '0')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + offset
end

local function cool_until()
  return tonumber(redis.call('HGET', meta, 'cool') or '0')
end

-- Both keys live until the last slot or the cool-down ends, whichever is later.
local function expire_when_idle(now)
  local last = redis.call('ZRANGE', slots, -1, -1, 'WITHSCORES')
  local ends = cool_until()
  if last[2] and tonumber(last[2]) > ends then
    ends = tonumber(last[2])
  end
  local ttl = ends - now
  if ttl > 0 then
    redis.call('PEXPIRE', slots, string.format('%d', ttl))
    redis.call('PEXPIRE', meta, string.format('%d', ttl))
  else
    redis.call('DEL', slots, meta)
  end
end

if op == 'acquire' then
  local limit = tonumber(ARGV[2])
  local bound = tonumber(ARGV[3])
  local now = now_ms(4)
  local cool = cool_until()
  if cool > now then
    return {0, cool - now, 'cooling'}
  end
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', string.format('%d', now))
  local count = redis.call('ZCARD', slots)
  if count >= limit then
    -- The slot whose end brings the count below the limit; the earliest one unless another
    -- replica used a higher limit.
    local frees = redis.call('ZRANGE', slots, count - limit, count - limit, 'WITHSCORES')
    return {0, tonumber(frees[2]) - now, 'full'}
  end
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  -- The time part keeps ids unique after the keys expired or Redis lost its data.
  local id = string.format('%d-%d', now, seq)
  redis.call('ZADD', slots, string.format('%d', now + bound + WINDOW_MS), id)
  expire_when_idle(now)
  return {1, id}
elseif op == 'answered' then
  local id = ARGV[2]
  local now = now_ms(3)
  local ends = redis.call('ZSCORE', slots, id)
  if not ends then
    return 0
  end
  if tonumber(ends) <= now then
    -- Its pending bound and the minute after it ran out: the slot is free and stays so.
    redis.call('ZREM', slots, id)
    return 0
  end
  redis.call('ZADD', slots, string.format('%d', now + WINDOW_MS), id)
  expire_when_idle(now)
  return 1
elseif op == 'cool' then
  local now = now_ms(3)
  local ends = now + tonumber(ARGV[2])
  local cool = cool_until()
  if ends > cool then
    redis.call('HSET', meta, 'cool', string.format('%d', ends))
    cool = ends
  end
  expire_when_idle(now)
  return cool - now
end
return redis.error_reply('lro-poller fleet budget: unknown operation ' .. tostring(op))
""";

  private FleetBudgetScript() {}

  static {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
          .digest(TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(40);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      SHA1 = hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
