package dev.lropoller.redis;

/** The Lua script behind {@link RedisSharedWatches}: one script, so one SHA to run by EVALSHA. */
final class SharedWatchScript {

  /** The script's text, kept in Java so that creating the watches reads no file. */
  static final String TEXT = """
-- The leases and latest snapshots of watched operation names, shared by a fleet.
--
-- Per name two keys: the lease, a string holding the lease token of the owning watch, with a PX
-- expiry; and the snapshot, a hash with 'seq', 'by' (publisher token), 'done' ('1'/'0'), 'json'.
-- ARGV[1] names the operation:
--   checkAll  KEYS  lease and snapshot of name 1, of name 2, ... (2 keys per name)
--             ARGV[2] the lease time (ms); then per name i, ARGV[2i+1] the caller's lease token
--             and ARGV[2i+2] the last sequence number it delivered.
--             Per name: renews the lease if the caller holds it; takes it if nobody does and
--             the stored snapshot is not done.
--             -> per name, in order: {'owner'} or {'follower'}, then the lease's PTTL (ms,
--                negative for none), then seq, publisher, json when the stored snapshot is
--                newer than the caller's last and not its own
--   publish   KEYS[1] lease, KEYS[2] snapshot; ARGV[2] token, ARGV[3] lease time (ms),
--             ARGV[4] snapshot TTL (ms), ARGV[5] '1' if done, ARGV[6] json, ARGV[7] channel.
--             Only while the caller holds the lease: stores the snapshot under the next sequence
--             number, renews the lease and publishes 'seq\\nby\\njson' on the channel.
--             -> the sequence number, or 0 when the caller does not hold the lease
--   release   KEYS[1] lease; ARGV[2] token. Deletes the lease if the caller holds it
--             -> 1 if deleted, else 0
-- checkAll touches the keys of several hash tags at once: standalone Redis only.

local op = ARGV[1]

local function check(lease, snap, token, lease_ms, last_seq)
  local holder = redis.call('GET', lease)
  local stored = redis.call('HMGET', snap, 'seq', 'by', 'done', 'json')
  local role = 'follower'
  if holder == token then
    redis.call('PEXPIRE', lease, lease_ms)
    role = 'owner'
  elseif not holder and stored[3] ~= '1' then
    redis.call('SET', lease, token, 'PX', lease_ms)
    role = 'owner'
  end
  local left = redis.call('PTTL', lease)
  if stored[1] and stored[2] ~= token and tonumber(stored[1]) > tonumber(last_seq) then
    return {role, left, stored[1], stored[2], stored[4]}
  end
  return {role, left}
end

if op == 'checkAll' then
  local replies = {}
  for i = 1, #KEYS / 2 do
    replies[i] = check(KEYS[2 * i - 1], KEYS[2 * i], ARGV[2 * i + 1], ARGV[2], ARGV[2 * i + 2])
  end
  return replies
end

local lease = KEYS[1]
local snap = KEYS[2]
local token = ARGV[2]
local lease_ms = ARGV[3]

if op == 'publish' then
  if redis.call('GET', lease) ~= token then
    return 0
  end
  local t = redis.call('TIME')
  local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local seq = tonumber(redis.call('HGET', snap, 'seq') or '0') + 1
  if now_us > seq then
    seq = now_us
  end
  local seq_text = string.format('%d', seq)
  redis.call('HSET', snap, 'seq', seq_text, 'by', token, 'done', ARGV[5], 'json', ARGV[6])
  redis.call('PEXPIRE', snap, ARGV[4])
  redis.call('PEXPIRE', lease, lease_ms)
  redis.call('PUBLISH', ARGV[7], seq_text .. '\\n' .. token .. '\\n' .. ARGV[6])
  return seq
elseif op == 'release' then
  if redis.call('GET', lease) == token then
    redis.call('DEL', lease)
    return 1
  end
  return 0
end
return redis.error_reply('lro-poller shared watch: unknown operation ' .. tostring(op))
""";

  private SharedWatchScript() {}
}
