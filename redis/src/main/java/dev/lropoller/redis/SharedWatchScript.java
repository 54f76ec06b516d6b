package dev.lropoller.redis;

/** The Lua script behind {@link RedisSharedWatches}: one script, so one SHA to run by EVALSHA. */
final class SharedWatchScript {

  /** The script's text, kept in Java so that creating the watches reads no file. */
  static final String TEXT = """
-- The lease and latest snapshot of one watched operation name, shared by a fleet.
--
-- KEYS[1]  the lease: a string holding the lease token of the owning watch, with a PX expiry.
-- KEYS[2]  the snapshot: a hash with 'seq', 'by' (publisher token), 'done' ('1'/'0'), 'json'.
-- ARGV[1]  the operation, ARGV[2] the caller's lease token, ARGV[3] the lease time (ms):
--   check    ARGV[4] the last sequence number the caller delivered
--            Renews the lease if the caller holds it; takes it if nobody does and the stored
--            snapshot is not done.
--            -> {'owner'} or {'follower'}, followed by seq, publisher, json when the stored
--               snapshot is newer than ARGV[4] and not the caller's own
--   publish  ARGV[4] snapshot TTL (ms), ARGV[5] '1' if done, ARGV[6] json, ARGV[7] channel
--            Only while the caller holds the lease: stores the snapshot under the next sequence
--            number, renews the lease and publishes 'seq\\nby\\njson' on the channel.
--            -> the sequence number, or 0 when the caller does not hold the lease
--   release  deletes the lease if the caller holds it -> 1 if deleted, else 0

local lease = KEYS[1]
local snap = KEYS[2]
local op = ARGV[1]
local token = ARGV[2]
local lease_ms = ARGV[3]

if op == 'check' then
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
  if stored[1] and stored[2] ~= token and tonumber(stored[1]) > tonumber(ARGV[4]) then
    return {role, stored[1], stored[2], stored[4]}
  end
  return {role}
elseif op == 'publish' then
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
