package dev.lropoller.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A request budget per key shared by every replica of a service, kept on a Redis server: at most
 * {@code limit} requests per key in any minute, a request counting from its send until a minute
 * after its answer, as the local {@code maxRequestsPerMinute} counts them. The key is a project,
 * or a project and a location ({@code my-project/us-central1}).
 *
 * <p>Every decision is one Lua script run atomically on the server by EVALSHA (one round trip;
 * two the first time after the server lost its script cache, when EVAL loads it again), on the
 * server's clock ({@code TIME}), never a replica's. Per key Redis holds a sorted set with one entry
 * per slot that still counts (at most {@code limit} entries while every caller passes the same
 * limit) and a small hash (slot counter, cool-down end). Both keys expire when the last slot and
 * the cool-down have ended, so idle keys cost nothing. The two keys share a hash tag, so the
 * script also runs on Redis Cluster.
 *
 * <p>Every method returns a cold {@link Mono} that does nothing until subscribed and never blocks:
 * it completes on Lettuce's event loop. When the commands are a Lettuce connection's own
 * ({@code connection.reactive()}), the script is sent through that connection's async API, which
 * costs less CPU per call than a reactive command; other implementations are used as they are. A Redis failure
 * (connection lost, timeout, error reply) arrives as the Mono's error, a Lettuce {@code
 * RedisException}; this class neither retries nor falls back.
 *
 * <p>Settings are copy-on-write: each {@code with…} method returns a new budget and leaves this one
 * unchanged. Instances are immutable and thread-safe. Tested against Redis 6.2.11 (the binary
 * inside the {@code embedded-redis} 1.4.3 jar) and 7.0.15 (Debian 12's); the script needs Redis 5
 * or newer, where a script that reads {@code TIME} may then write (effects replication).
 */
public final class RedisFleetBudget {

  /** The default prefix of every key this budget writes: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "lropoller:budget:";

  /** How long an answered request keeps counting: one minute. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  /** The longest pending bound and cool-down accepted: one day. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  private static final String NO_CLOCK_OFFSET = "0";

  private final Mono<FleetScripts> redis;
  private final String keyPrefix;
  private final String clockOffsetMillis;

  private RedisFleetBudget(Mono<FleetScripts> redis, String keyPrefix, String clockOffsetMillis) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.clockOffsetMillis = clockOffsetMillis;
  }

  /**
   * A budget on the given Lettuce connection, with the key prefix {@value #DEFAULT_KEY_PREFIX}.
   * Standalone ({@code StatefulRedisConnection.reactive()}) and cluster
   * ({@code StatefulRedisClusterConnection.reactive()}) commands both fit; only standalone Redis is
   * tested. Sends nothing yet.
   *
   * @param redis reactive commands with a {@code String} codec ({@code StringCodec.UTF8} or the
   *     default {@code RedisClient.connect()})
   * @return a budget
   * @throws NullPointerException if {@code redis} is {@code null}
   */
  public static RedisFleetBudget of(RedisScriptingReactiveCommands<String, String> redis) {
    Objects.requireNonNull(redis, "redis");
    return new RedisFleetBudget(
        Mono.just(FleetScripts.of(redis)), DEFAULT_KEY_PREFIX, NO_CLOCK_OFFSET);
  }

  /**
   * A budget on a connection opened on first use, with the key prefix
   * {@value #DEFAULT_KEY_PREFIX}: a service can start while Redis is down. Until the connection
   * opens, every call fails with Lettuce's connect error (which puts the poller's key in degraded
   * mode), and the next call tries to connect again. Sends nothing yet.
   *
   * @param connection the lazy connection; close it after the poller
   * @return a budget
   * @throws NullPointerException if {@code connection} is {@code null}
   */
  public static RedisFleetBudget of(LazyRedisConnection connection) {
    Objects.requireNonNull(connection, "connection");
    return new RedisFleetBudget(connection.scripts(), DEFAULT_KEY_PREFIX, NO_CLOCK_OFFSET);
  }

  /**
   * A copy that writes its keys under another prefix: {@code prefix + "{" + key + "}:slots"} and
   * {@code prefix + "{" + key + "}:meta"}. Replicas share a budget only if they use the same prefix.
   *
   * @param keyPrefix the prefix, possibly empty; default {@value #DEFAULT_KEY_PREFIX}
   * @return a new budget
   * @throws NullPointerException if {@code keyPrefix} is {@code null}
   * @throws IllegalArgumentException if {@code keyPrefix} holds '{' or '}', which would change the
   *     hash tag that keeps a key's two entries together
   */
  public RedisFleetBudget withKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "keyPrefix must not hold '{' or '}' (they would change the hash tag): '" + keyPrefix + "'");
    }
    return new RedisFleetBudget(redis, keyPrefix, clockOffsetMillis);
  }

  /**
   * The prefix of every key this budget writes.
   *
   * @return the prefix; {@value #DEFAULT_KEY_PREFIX} unless {@link #withKeyPrefix} changed it
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * A copy whose script adds {@code offset} to the server's {@code TIME}, so that tests reach a
   * minute boundary without waiting a minute. For tests only, hence not public: production budgets
   * never pass an offset and the script then uses {@code TIME} as it is. The copy sees the key's
   * slots at the shifted time; keys' expiry (PEXPIRE) is computed on the same shifted clock and so
   * is off by the offset.
   */
  RedisFleetBudget withClockOffset(Duration offset) {
    return new RedisFleetBudget(redis, keyPrefix, Long.toString(offset.toMillis()));
  }

  /**
   * Takes a slot for one request on {@code key}, if fewer than {@code limit} slots of the key
   * count now and the key is not cooling down. A granted slot counts until
   * {@code pendingBound} plus a minute from now, or, once {@link #answered} is called, until a
   * minute after the answer: so a replica that dies mid-request holds its slot no longer than the
   * bound and the minute after it.
   *
   * @param key the budget's key, a project or {@code project/location}
   * @param limit the most requests per minute on this key, at least 1; pass the same limit on
   *     every replica (with different limits each call decides with its own)
   * @param pendingBound how long a request may wait for its answer: the request timeout; rounded
   *     up to milliseconds, more than zero and at most {@link #MAX_DURATION}
   * @return a Mono of {@link FleetAdmission.Granted} with the slot id, or of
   *     {@link FleetAdmission.Refused} with the wait until a slot frees or the cool-down ends (the
   *     caller waits, then asks again; waiting is back-pressure, not failure)
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code key}, {@code limit} or {@code pendingBound} is out
   *     of range, quoting it
   */
  public Mono<FleetAdmission> acquire(String key, int limit, Duration pendingBound) {
    return acquire(key, limit, pendingBound, List.of());
  }

  /**
   * As {@link #acquire(String, int, Duration)}, recording first, in the same script run and at its
   * time, that the slots {@code answered} were answered (as {@link #answered} does; slots that are
   * gone are skipped). The answers are recorded whether the ask is granted or refused.
   */
  Mono<FleetAdmission> acquire(String key, int limit, Duration pendingBound, List<String> answered) {
    String[] keys = keys(key);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    long boundMillis = millis("pendingBound", pendingBound);
    String[] args = new String[4 + answered.size()];
    args[0] = "acquire";
    args[1] = clockOffsetMillis;
    args[2] = Integer.toString(limit);
    args[3] = Long.toString(boundMillis);
    for (int i = 0; i < answered.size(); i++) {
      args[4 + i] = answered.get(i);
    }
    return redis.flatMap(scripts -> scripts.<List<Object>>run(ScriptOutputType.MULTI, keys, args))
        .map(RedisFleetBudget::admission);
  }

  /**
   * Records that the request of a slot was answered now: the slot counts until a minute after
   * this moment (server time). Call it whether the answer was a success or an error.
   *
   * @param key the key the slot was acquired on
   * @param slotId the id from {@link FleetAdmission.Granted#slotId()}
   * @return a Mono of {@code true} when the slot now counts until a minute after this answer, or
   *     {@code false} when the slot is gone: its pending bound and the minute after it have
   *     passed, or Redis lost its data. A slot that is gone is not brought back, since its place
   *     may already have gone to another request
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code key} or {@code slotId} is empty or {@code key}
   *     holds '{' or '}'
   */
  public Mono<Boolean> answered(String key, String slotId) {
    return answered(key, List.of(checkSlotId(slotId))).map(updated -> updated == 1L);
  }

  /**
   * As {@link #answered(String, String)} for several slots of one key, in one script run.
   *
   * @return a Mono of how many of them now count until a minute after this answer
   */
  Mono<Long> answered(String key, List<String> slotIds) {
    String[] keys = keys(key);
    String[] args = new String[2 + slotIds.size()];
    args[0] = "answered";
    args[1] = clockOffsetMillis;
    for (int i = 0; i < slotIds.size(); i++) {
      args[2 + i] = slotIds.get(i);
    }
    return redis.flatMap(scripts -> scripts.<Long>run(ScriptOutputType.INTEGER, keys, args));
  }

  /** Returns {@code slotId}, or throws if it is {@code null} or empty. */
  static String checkSlotId(String slotId) {
    Objects.requireNonNull(slotId, "slotId");
    if (slotId.isEmpty()) {
      throw new IllegalArgumentException("slotId must not be empty");
    }
    return slotId;
  }

  /**
   * Cools {@code key} down for every replica: each {@link #acquire} on it is refused until
   * {@code duration} from now (server time). A cool-down only extends: one that ends earlier than
   * the running one changes nothing.
   *
   * @param key the key that got a 429 or {@code RESOURCE_EXHAUSTED}
   * @param duration how long to cool down, rounded up to milliseconds; more than zero and at most
   *     {@link #MAX_DURATION}
   * @return a Mono of the cool-down left after this call: {@code duration}, or more when a longer
   *     one was running
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code key} or {@code duration} is out of range, quoting it
   */
  public Mono<Duration> coolDown(String key, Duration duration) {
    String[] keys = keys(key);
    long durationMillis = millis("duration", duration);
    String[] args = {"cool", clockOffsetMillis, Long.toString(durationMillis)};
    return redis.flatMap(scripts -> scripts.<Long>run(ScriptOutputType.INTEGER, keys, args))
        .map(Duration::ofMillis);
  }

  /** Names the prefix; never the connection. */
  @Override
  public String toString() {
    return "RedisFleetBudget[keyPrefix=" + keyPrefix + "]";
  }

  private String[] keys(String key) {
    String tagged = keyPrefix + "{" + checkKey(key) + "}";
    return new String[] {tagged + ":slots", tagged + ":meta"};
  }

  /** Returns {@code key}, or throws if it is not a budget key this class can store. */
  static String checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "key must be a project or project/location, non-empty and without '{' or '}': '"
              + key + "'");
    }
    return key;
  }

  private static long millis(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          name + " must be more than zero and at most " + MAX_DURATION + ": " + duration);
    }
    long millis = duration.toMillis();
    return duration.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
  }

  private static FleetAdmission admission(List<Object> reply) {
    if (reply.size() == 2 && Long.valueOf(1L).equals(reply.get(0))
        && reply.get(1) instanceof String slotId) {
      return new FleetAdmission.Granted(slotId);
    }
    if (reply.size() == 3 && Long.valueOf(0L).equals(reply.get(0))
        && reply.get(1) instanceof Long waitMillis) {
      Duration retryAfter = Duration.ofMillis(Math.max(0L, waitMillis));
      if ("full".equals(reply.get(2))) {
        return new FleetAdmission.Refused(retryAfter, FleetAdmission.Reason.FULL);
      }
      if ("cooling".equals(reply.get(2))) {
        return new FleetAdmission.Refused(retryAfter, FleetAdmission.Reason.COOLING_DOWN);
      }
    }
    throw new IllegalStateException("Unexpected reply of the fleet budget script: " + reply);
  }
}
