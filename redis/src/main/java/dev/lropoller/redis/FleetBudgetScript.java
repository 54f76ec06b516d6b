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
-- ARGV[1]  the operation; ARGV[2] a clock offset in ms added to TIME: '0' in production, other
--          values only in tests, to reach minute boundaries without waiting.
--   acquire  ARGV[3] limit, ARGV[4] pending bound (ms), ARGV[5..] slot ids answered since the
--            last call, recorded first (as 'answered' does) at this call's time
--            -> {1, slot id} or {0, wait (ms), 'full' | 'cooling'}
--   answered ARGV[3..] slot ids
--            -> how many of them now count until a minute after this answer (the others are gone)
--   cool     ARGV[3] duration (ms)
--            -> the cool-down left (ms), after extending it if this one ends later

local WINDOW_MS = 60000
local slots = KEYS[1]
local meta = KEYS[2]
local op = ARGV[1]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])
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

-- The slots ARGV[first..] were answered now: each counts until a minute from now. A slot whose
-- pending bound and the minute after it ran out is free and stays so. Returns how many counted.
local function answered(first, now)
  local updated = 0
  local answer_ends = string.format('%d', now + WINDOW_MS)
  for i = first, #ARGV do
    local ends = redis.call('ZSCORE', slots, ARGV[i])
    if ends then
      if tonumber(ends) <= now then
        redis.call('ZREM', slots, ARGV[i])
      else
        redis.call('ZADD', slots, answer_ends, ARGV[i])
        updated = updated + 1
      end
    end
  end
  return updated
end

if op == 'acquire' then
  local limit = tonumber(ARGV[3])
  local bound = tonumber(ARGV[4])
  local now = now_ms()
  local recorded = answered(5, now)
  local cool = cool_until()
  if cool > now then
    if recorded > 0 then
      expire_when_idle(now)
    end
    return {0, cool - now, 'cooling'}
  end
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', string.format('%d', now))
  local count = redis.call('ZCARD', slots)
  if count >= limit then
    if recorded > 0 then
      expire_when_idle(now)
    end
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
  local now = now_ms()
  local updated = answered(3, now)
  if updated > 0 then
    expire_when_idle(now)
  end
  return updated
elseif op == 'cool' then
  local now = now_ms()
  local ends = now + tonumber(ARGV[3])
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
