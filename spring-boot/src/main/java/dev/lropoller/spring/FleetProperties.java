package dev.lropoller.spring;

import java.time.Duration;

/**
 * {@code lropoller.fleet.*}: one request budget for every replica, and watches shared by the
 * replicas, kept in Redis ({@code lro-poller-redis}) on the application's Lettuce connection
 * factory.
 */
public class FleetProperties {
  /**
   * Share max-requests-per-minute with every replica on the same Redis and key prefix, through
   * the application's LettuceConnectionFactory (Spring Data Redis) and lro-poller-redis.
   * Startup fails when either is missing.
   */
  private boolean enabled = false;

  /**
   * The prefix of the budget's Redis keys. Replicas with the same prefix on the same Redis share
   * each key's limit; give another prefix to a fleet that must not share it.
   */
  private String keyPrefix = "lropoller:budget:";

  /**
   * How many replicas share a key's limit while Redis cannot be reached: each replica then
   * counts locally with max-requests-per-minute divided by this (at least 1 a minute). Set it
   * to the fleet's usual size.
   */
  private int replicas = 3;

  /**
   * How long a key counts locally after Redis failed to answer before it asks Redis again;
   * the first answer returns it to the shared budget.
   */
  private Duration probeInterval = Duration.ofSeconds(5);

  /**
   * How long a replica's lease on a shared watch lasts without renewal: when the replica that
   * polls an operation for the fleet dies, another watching replica polls it within this time
   * plus a third of it. More than zero, at most a day.
   */
  private Duration leaseTime = Duration.ofSeconds(15);

  /**
   * The prefix of the shared watches' Redis keys and channels (leases and stored snapshots),
   * apart from the budget's key-prefix. Replicas with the same prefix on the same Redis share
   * their watches.
   */
  private String watchKeyPrefix = "lropoller:watch:";

  /**
   * Whether the fleet budget is on.
   *
   * @return the flag
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the fleet budget is on.
   *
   * @param enabled the flag
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The prefix of the budget's Redis keys.
   *
   * @return the prefix
   */
  public String getKeyPrefix() {
    return keyPrefix;
  }

  /**
   * Sets the prefix of the budget's Redis keys.
   *
   * @param keyPrefix the prefix, possibly empty
   */
  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /**
   * How many replicas share a key's limit while Redis cannot be reached.
   *
   * @return the count
   */
  public int getReplicas() {
    return replicas;
  }

  /**
   * Sets how many replicas share a key's limit while Redis cannot be reached.
   *
   * @param replicas at least 1
   */
  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  /**
   * How long a degraded key counts locally before it asks Redis again.
   *
   * @return the interval
   */
  public Duration getProbeInterval() {
    return probeInterval;
  }

  /**
   * Sets how long a degraded key counts locally before it asks Redis again.
   *
   * @param probeInterval more than zero
   */
  public void setProbeInterval(Duration probeInterval) {
    this.probeInterval = probeInterval;
  }

  /**
   * How long a shared watch's lease lasts without renewal.
   *
   * @return the lease time
   */
  public Duration getLeaseTime() {
    return leaseTime;
  }

  /**
   * Sets how long a shared watch's lease lasts without renewal.
   *
   * @param leaseTime more than zero and at most a day
   */
  public void setLeaseTime(Duration leaseTime) {
    this.leaseTime = leaseTime;
  }

  /**
   * The prefix of the shared watches' Redis keys and channels.
   *
   * @return the prefix
   */
  public String getWatchKeyPrefix() {
    return watchKeyPrefix;
  }

  /**
   * Sets the prefix of the shared watches' Redis keys and channels.
   *
   * @param watchKeyPrefix the prefix, possibly empty
   */
  public void setWatchKeyPrefix(String watchKeyPrefix) {
    this.watchKeyPrefix = watchKeyPrefix;
  }
}
