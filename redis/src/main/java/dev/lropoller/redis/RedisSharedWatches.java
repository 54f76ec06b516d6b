package dev.lropoller.redis;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.Operation;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Watches operations once for a whole fleet: of the replicas watching one operation name, one
 * polls it and the others receive its snapshots through Redis, delivered with the local
 * semantics of {@link OperationPoller#poll(String)}: the latest snapshot first for a late
 * subscriber, a {@code done} snapshot never skipped, a slow subscriber holding back no one.
 *
 * <p><b>Ownership.</b> Per name, a lease on Redis ({@code SET NX PX}, renewed by a script that
 * checks the holder atomically) says which watch polls. Each watch checks the lease every check
 * interval (default a third of the lease time): the holder renews it, and an interested watch
 * takes it when nobody holds it. The checks are batched: one loop per instance, not per watch,
 * asks about all its watches each interval in one script call per 256 names (the calls pipelined),
 * and a new watch checks once on its own at its start, so it knows at once whether to poll. The
 * loop runs while there is a watch; nothing needs closing. A watch whose last local subscriber
 * leaves releases the lease and stops polling; a watch on another replica that still has
 * subscribers takes it at its next check. This design needs no fleet-wide count of interest, and
 * no replica ever polls for nobody; the price is a gap of up to one check interval on such a
 * hand-over. If the owner dies, stalls or loses Redis, its lease runs out and another interested
 * replica polls within the lease time plus one check interval. Its loop is a fresh local loop of
 * the poller, with its backoff from the start and its first GET at once (the stored snapshot is
 * then at least a lease old), not after the policy's first-poll delay.
 *
 * <p><b>Snapshots.</b> The owner stores each snapshot ({@code Operation.rawJson()}) with a
 * sequence number in a key that expires after the snapshot TTL, and publishes it on the name's
 * channel. Followers deliver what they hear, and also re-read the stored snapshot at each check,
 * so a lost message cannot skip the {@code done} snapshot. Nobody takes the lease of a name
 * whose stored snapshot is {@code done}: unlike a local watch, which starts a fresh loop after
 * {@code done}, a watch that starts within the snapshot TTL after a name's {@code done} snapshot
 * receives that stored snapshot and completes, without a poll.
 *
 * <p><b>Faults.</b> When a check fails or takes longer than the check interval (for a batch:
 * every watch in that script call), the watch polls
 * the name with this replica's own loop, as without a fleet, tells the {@link
 * SharedWatchListener} ({@code fellBack}), and returns to the fleet by itself when a check
 * succeeds again ({@code rejoined}). Polling never stops for lack of Redis; at worst several
 * replicas poll one name. A check that Lettuce queues while it reconnects (its default) is
 * cancelled at the check interval. How soon a replica finds a restarted Redis again is
 * Lettuce's reconnect delay ({@code ClientResources.reconnectDelay}); it rejoins at the first
 * check after that.
 *
 * <p><b>Errors.</b> A subscriber sees the errors of a local watch: the local loop's errors, as
 * {@link OperationPoller#poll(String, PollPolicy)} documents, when this replica polls; and
 * {@link dev.lropoller.error.PollTimeoutException} when the policy's timeout, counted from the
 * shared watch's start on this replica, passes without a {@code done} snapshot, whoever polls.
 * A follower does not see the owner's errors: when the owner's loop fails, the owner releases
 * the lease and the next watch to take it polls, and fails, itself.
 *
 * <p><b>Keys.</b> Per name, under the key prefix: {@code prefix{name}:lease} (expires after the
 * lease time) and {@code prefix{name}:snapshot} (expires after the snapshot TTL), plus the
 * channel {@code prefix{name}:snapshots}. A batched check touches the keys of many names in one
 * script, so it needs standalone Redis (or a Sentinel-managed primary), not Redis Cluster; only
 * standalone Redis is tested. Redis 5 or newer.
 *
 * <p>Settings are copy-on-write: each {@code with…} method returns a new instance (with its own,
 * empty set of watches) and leaves this one unchanged. Thread-safe; nothing blocks.
 */
public final class RedisSharedWatches {

  /** The default key prefix: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "lropoller:watch:";

  /** The default lease time: 15 seconds. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(15);

  /** The default time a stored snapshot lives after its last update: 10 minutes. */
  public static final Duration DEFAULT_SNAPSHOT_TTL = Duration.ofMinutes(10);

  private static final Duration MAX_DURATION = Duration.ofDays(1);

  private final OperationPoller poller;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final SharedWatchSettings settings;
  private final SharedWatchFleet fleet;
  private final SharedWatchChecks checks;
  private final Map<List<Object>, SharedWatchHub> hubs = new ConcurrentHashMap<>();
  private final AtomicLong serial = new AtomicLong();

  private RedisSharedWatches(OperationPoller poller,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubsub, SharedWatchSettings settings) {
    this.poller = poller;
    this.connection = connection;
    this.pubsub = pubsub;
    this.settings = settings;
    this.fleet = new SharedWatchFleet(poller, connection.reactive(),
        connection.reactive().digest(SharedWatchScript.TEXT), new SharedWatchChannels(pubsub),
        settings.keyPrefix(), settings.leaseTime(), settings.checkInterval(),
        settings.snapshotTtl(), settings.listener(), settings.scheduler());
    this.checks = new SharedWatchChecks(fleet);
  }

  /**
   * Shared watches for {@code poller}, on a command connection and a pub/sub connection to the
   * same Redis, with the defaults: lease time 15 s, check interval a third of it, key prefix
   * {@value #DEFAULT_KEY_PREFIX}, snapshot TTL 10 minutes, a random replica id, no listener.
   * Sends nothing yet. The connections stay the caller's to close.
   *
   * @param poller the poller that polls when this replica owns a name or has lost Redis
   * @param connection commands with a {@code String} codec
   * @param pubsub a pub/sub connection with a {@code String} codec, for this instance only
   * @return the watches
   * @throws NullPointerException if an argument is {@code null}
   */
  public static RedisSharedWatches of(OperationPoller poller,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubsub) {
    return new RedisSharedWatches(Objects.requireNonNull(poller, "poller"),
        Objects.requireNonNull(connection, "connection"), Objects.requireNonNull(pubsub, "pubsub"),
        SharedWatchSettings.defaults(UUID.randomUUID().toString()));
  }

  /**
   * A copy with another lease time; the check interval follows (a third of it) unless set.
   *
   * @param leaseTime more than zero and at most a day; default 15 s
   * @return a new instance
   * @throws NullPointerException if {@code leaseTime} is {@code null}
   * @throws IllegalArgumentException if it is out of range, quoting it
   */
  public RedisSharedWatches withLeaseTime(Duration leaseTime) {
    return copy(settings.withLeaseTime(checked("leaseTime", leaseTime)));
  }

  /**
   * A copy that checks the lease at another interval; the takeover bound is the lease time plus
   * this interval.
   *
   * @param checkInterval more than zero and less than the lease time; default a third of it
   * @return a new instance
   * @throws NullPointerException if {@code checkInterval} is {@code null}
   * @throws IllegalArgumentException if it is out of range, quoting it
   */
  public RedisSharedWatches withCheckInterval(Duration checkInterval) {
    checked("checkInterval", checkInterval);
    if (checkInterval.compareTo(settings.leaseTime()) >= 0) {
      throw new IllegalArgumentException("checkInterval must be less than the lease time "
          + settings.leaseTime() + ": " + checkInterval);
    }
    return copy(settings.withCheckInterval(checkInterval));
  }

  /**
   * A copy that keeps each stored snapshot this long after its last update.
   *
   * @param snapshotTtl more than zero and at most a day; default 10 minutes. Keep it longer
   *     than the policy's longest poll interval, or a late follower waits for the next snapshot
   * @return a new instance
   * @throws NullPointerException if {@code snapshotTtl} is {@code null}
   * @throws IllegalArgumentException if it is out of range, quoting it
   */
  public RedisSharedWatches withSnapshotTtl(Duration snapshotTtl) {
    return copy(settings.withSnapshotTtl(checked("snapshotTtl", snapshotTtl)));
  }

  /**
   * A copy under another key prefix; replicas share watches only if they use the same prefix.
   *
   * @param keyPrefix the prefix, possibly empty; default {@value #DEFAULT_KEY_PREFIX}
   * @return a new instance
   * @throws NullPointerException if {@code keyPrefix} is {@code null}
   * @throws IllegalArgumentException if it holds '{' or '}', quoting it
   */
  public RedisSharedWatches withKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "keyPrefix must not hold '{' or '}' (they would change the hash tag): '" + keyPrefix + "'");
    }
    return copy(settings.withKeyPrefix(keyPrefix));
  }

  /**
   * A copy with another replica id, which names this replica's leases on Redis.
   *
   * @param replicaId non-blank, without whitespace, at most 200 characters; default a random UUID
   * @return a new instance
   * @throws NullPointerException if {@code replicaId} is {@code null}
   * @throws IllegalArgumentException if it is blank, holds whitespace or is too long, quoting it
   */
  public RedisSharedWatches withReplicaId(String replicaId) {
    Objects.requireNonNull(replicaId, "replicaId");
    if (replicaId.isEmpty() || replicaId.length() > 200
        || replicaId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "replicaId must be 1 to 200 characters without whitespace: '" + replicaId + "'");
    }
    return copy(settings.withReplicaId(replicaId));
  }

  /**
   * A copy that reports leaving and rejoining the fleet to {@code listener}.
   *
   * @param listener the listener; default {@link SharedWatchListener#NONE}
   * @return a new instance
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public RedisSharedWatches withListener(SharedWatchListener listener) {
    return copy(settings.withListener(Objects.requireNonNull(listener, "listener")));
  }

  /** A copy whose timers run on {@code scheduler}; for tests. Default {@code parallel()}. */
  RedisSharedWatches withScheduler(Scheduler scheduler) {
    return copy(settings.withScheduler(scheduler));
  }

  /**
   * This replica's id.
   *
   * @return the id set by {@link #withReplicaId}, else a random UUID
   */
  public String replicaId() {
    return settings.replicaId();
  }

  /**
   * Watches {@code name} with the poller's policy, shared with the fleet; see the class comment.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return the snapshots, cold: each subscription joins this replica's shared watch of the name
   *     (and the poller's policy), or starts one
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code name} is malformed, quoting it
   */
  public Flux<Operation> poll(String name) {
    return poll(name, poller.policy());
  }

  /**
   * Watches the Vertex AI job or pipeline {@code name} until its state is terminal, shared with
   * the fleet as {@link #poll(String)} shares an operation: the loop that polls reads each answer
   * as {@code poller.jobs().watch(name)} does, the fleet carries its operation view, and every
   * subscriber receives the {@link Job} of each snapshot. Same policy, sharing and errors as
   * {@link #poll(String)}.
   *
   * @param name a job's name, {@code projects/{p}/locations/{l}/{collection}/{id}}, such as a
   *     {@code trainingPipelines} or {@code customJobs} name
   * @return the job's snapshots, ending with the first in a terminal state
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code name} is not a job's name, quoting it
   */
  public Flux<Job> watchJob(String name) {
    return watchJob(name, poller.policy());
  }

  /**
   * Like {@link #watchJob(String)}, with another policy for this watch.
   *
   * @param name a job's name
   * @param policy the schedule and budget of the loop that polls, and the timeout of the watch
   * @return the job's snapshots
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code name} is not a job's name, quoting it
   */
  public Flux<Job> watchJob(String name, PollPolicy policy) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    if (!JobKind.isJobName(name)) {
      throw new IllegalArgumentException("expected a Vertex AI job name"
          + " projects/{p}/locations/{l}/{collection}/{id}: '" + name + "'");
    }
    // The poller's job watcher checks the name as for a local watch; cold, so nothing starts.
    poller.jobs().watch(name, policy);
    return shared(name, policy).map(Job::fromView);
  }

  /**
   * Like {@link #poll(String)}, with another policy for this watch: local subscribers share a
   * watch per name and policy, as the poller's own loops do.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @param policy the schedule and budget of the loop that polls, and the timeout of the watch
   * @return the snapshots
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code name} is malformed, quoting it
   */
  public Flux<Operation> poll(String name, PollPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    // The poller checks the name as for a local watch; its loop is cold, so nothing starts.
    poller.poll(name, policy);
    return shared(name, policy);
  }

  private Flux<Operation> shared(String name, PollPolicy policy) {
    List<Object> key = List.of(name, policy);
    return Flux.defer(() -> {
      for (;;) {
        SharedWatchHub hub = hubs.computeIfAbsent(key, k -> new SharedWatchHub(fleet, checks,
            name, policy, settings.replicaId() + ":" + serial.incrementAndGet(),
            ended -> hubs.remove(k, ended)));
        Flux<Operation> snapshots = hub.join();
        if (snapshots != null) {
          hub.start();
          return snapshots;
        }
        hubs.remove(key, hub);
      }
    });
  }

  /**
   * The watches this instance runs now, one per name and policy however many subscribers share
   * it.
   *
   * @return the count
   */
  public int activeWatches() {
    return hubs.size();
  }

  /**
   * How many of this instance's watches are starting, owner, follower and in fallback now: for
   * meters and health (a watch in fallback polls by itself because Redis cannot be reached).
   *
   * @return the counts, read now; all zero when nothing is watched
   */
  public SharedWatchCounts counts() {
    int[] by = new int[WatchLease.Mode.values().length];
    for (SharedWatchHub hub : hubs.values()) {
      by[hub.mode().ordinal()]++;
    }
    return new SharedWatchCounts(by[WatchLease.Mode.STARTING.ordinal()],
        by[WatchLease.Mode.OWNER.ordinal()], by[WatchLease.Mode.FOLLOWER.ordinal()],
        by[WatchLease.Mode.FALLBACK.ordinal()]);
  }

  /** Whether this instance's check loop runs: it runs while there is a watch. For tests. */
  boolean checking() {
    return checks.running();
  }

  /** How many watches have a lease check in flight now. For tests. */
  int checksInFlight() {
    return checks.inFlight();
  }

  /** Names the replica and settings; never the connections. */
  @Override
  public String toString() {
    return "RedisSharedWatches[" + settings + "]";
  }

  private RedisSharedWatches copy(SharedWatchSettings changed) {
    return new RedisSharedWatches(poller, connection, pubsub, changed);
  }

  private static Duration checked(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          what + " must be more than zero and at most " + MAX_DURATION + ": " + d);
    }
    return d;
  }
}
