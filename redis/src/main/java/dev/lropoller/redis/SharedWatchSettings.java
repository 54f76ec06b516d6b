package dev.lropoller.redis;

import java.time.Duration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of a {@link RedisSharedWatches}, already checked; copy-on-write.
 *
 * @param replicaId names this replica's leases
 * @param keyPrefix the prefix of every key and channel
 * @param leaseTime how long a lease lives without renewal
 * @param explicitCheckInterval the check interval set, or {@code null} for a third of the lease
 * @param snapshotTtl how long a stored snapshot lives after its last update
 * @param listener hears fall-backs and rejoins
 * @param scheduler runs the checks' and deadlines' timers
 */
record SharedWatchSettings(
    String replicaId,
    String keyPrefix,
    Duration leaseTime,
    Duration explicitCheckInterval,
    Duration snapshotTtl,
    SharedWatchListener listener,
    Scheduler scheduler) {

  static SharedWatchSettings defaults(String replicaId) {
    return new SharedWatchSettings(replicaId, RedisSharedWatches.DEFAULT_KEY_PREFIX,
        RedisSharedWatches.DEFAULT_LEASE_TIME, null, RedisSharedWatches.DEFAULT_SNAPSHOT_TTL,
        SharedWatchListener.NONE, Schedulers.parallel());
  }

  /** The interval between two checks of the lease: set, or a third of the lease time. */
  Duration checkInterval() {
    return explicitCheckInterval != null ? explicitCheckInterval : leaseTime.dividedBy(3);
  }

  SharedWatchSettings withReplicaId(String id) {
    return new SharedWatchSettings(id, keyPrefix, leaseTime, explicitCheckInterval, snapshotTtl,
        listener, scheduler);
  }

  SharedWatchSettings withKeyPrefix(String prefix) {
    return new SharedWatchSettings(replicaId, prefix, leaseTime, explicitCheckInterval,
        snapshotTtl, listener, scheduler);
  }

  SharedWatchSettings withLeaseTime(Duration lease) {
    Duration check = explicitCheckInterval != null && explicitCheckInterval.compareTo(lease) < 0
        ? explicitCheckInterval : null;
    return new SharedWatchSettings(replicaId, keyPrefix, lease, check, snapshotTtl, listener,
        scheduler);
  }

  SharedWatchSettings withCheckInterval(Duration check) {
    return new SharedWatchSettings(replicaId, keyPrefix, leaseTime, check, snapshotTtl, listener,
        scheduler);
  }

  SharedWatchSettings withSnapshotTtl(Duration ttl) {
    return new SharedWatchSettings(replicaId, keyPrefix, leaseTime, explicitCheckInterval, ttl,
        listener, scheduler);
  }

  SharedWatchSettings withListener(SharedWatchListener l) {
    return new SharedWatchSettings(replicaId, keyPrefix, leaseTime, explicitCheckInterval,
        snapshotTtl, l, scheduler);
  }

  SharedWatchSettings withScheduler(Scheduler s) {
    return new SharedWatchSettings(replicaId, keyPrefix, leaseTime, explicitCheckInterval,
        snapshotTtl, listener, s);
  }

  /** Names the settings that matter to a reader; the listener and scheduler by type only. */
  @Override
  public String toString() {
    return "replicaId=" + replicaId + ", keyPrefix=" + keyPrefix + ", leaseTime=" + leaseTime
        + ", checkInterval=" + checkInterval() + ", snapshotTtl=" + snapshotTtl;
  }
}
