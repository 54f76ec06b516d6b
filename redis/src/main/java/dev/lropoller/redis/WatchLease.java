package dev.lropoller.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The lease decisions of one shared watch, as pure functions on immutable values: what a replica
 * does after each check of the lease on Redis. The reactive mechanics ({@link SharedWatchHub})
 * only carry the results out.
 *
 * <p>A watch is in one {@link Mode}. Each check tick asks Redis (one script) to renew the lease
 * if this watch holds it, or to take it if nobody holds it and the stored snapshot is not
 * {@code done}; the answer is a {@link Check}. {@link #decide} turns the mode, whether the local
 * loop runs and the answer into a {@link Step}.
 */
final class WatchLease {

  /** Where a watch stands. */
  enum Mode {
    /** Created, no check answered yet. */
    STARTING,
    /** Holds the lease: polls with its own local loop and publishes each snapshot. */
    OWNER,
    /** Another watch holds the lease: delivers the snapshots it publishes. */
    FOLLOWER,
    /** Redis could not be reached: polls with its own local loop, as without a fleet. */
    FALLBACK
  }

  /** The answer to one check of the lease. */
  sealed interface Check permits Owned, HeldElsewhere, Unreachable {}

  /** This watch holds the lease now: it was renewed or taken. */
  record Owned() implements Check {}

  /**
   * Another watch holds the lease, or the stored snapshot is {@code done}.
   *
   * @param leaseLeftMillis how long the holder's lease lives without renewal, by Redis's clock;
   *     negative when nobody holds it (the stored snapshot is {@code done})
   */
  record HeldElsewhere(long leaseLeftMillis) implements Check {}

  /**
   * Redis did not answer in time, or failed.
   *
   * @param cause the failure
   */
  record Unreachable(Throwable cause) implements Check {
    Unreachable {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** What the listener hears about a step. */
  enum Report {
    /** Nothing to report. */
    NONE,
    /** The watch lost Redis and polls by itself. */
    FELL_BACK,
    /** The watch reached Redis again and is back in the fleet. */
    REJOINED
  }

  /**
   * The outcome of one check.
   *
   * @param mode the mode after the check
   * @param startLoop whether to start the local polling loop (it does not run)
   * @param stopLoop whether to stop the local polling loop (it runs)
   * @param report what to tell the listener
   */
  record Step(Mode mode, boolean startLoop, boolean stopLoop, Report report) {}

  private WatchLease() {}

  /**
   * Decides one check. An owner polls; a follower does not; a watch that cannot reach Redis
   * polls by itself, whatever it was before, since the owner may be cut off too. Polling
   * therefore never stops for lack of Redis: at worst several replicas poll the same name, each
   * on its own loop, as they would without a fleet.
   *
   * @param mode the mode before the check
   * @param loopRunning whether the local loop runs now
   * @param check the check's answer
   * @return the step to take
   */
  static Step decide(Mode mode, boolean loopRunning, Check check) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(check, "check");
    Report back = mode == Mode.FALLBACK ? Report.REJOINED : Report.NONE;
    if (check instanceof Owned) {
      return new Step(Mode.OWNER, !loopRunning, false, back);
    }
    if (check instanceof HeldElsewhere) {
      return new Step(Mode.FOLLOWER, false, loopRunning, back);
    }
    Report lost = mode == Mode.FALLBACK ? Report.NONE : Report.FELL_BACK;
    return new Step(Mode.FALLBACK, !loopRunning, false, lost);
  }

  /**
   * When a follower checks again before its next tick: at the moment the holder's lease runs out,
   * if that comes before the tick. A holder renews its lease at every tick, so while it lives the
   * lease outlasts the check interval and no extra check is made; only a lease its holder stopped
   * renewing (a dead, stalled or cut-off owner) is taken at its expiry rather than up to a check
   * interval after it.
   *
   * @param check the check's answer
   * @param checkInterval the interval between two ticks
   * @return the delay of the extra check (the lease left plus a millisecond), or empty for none
   */
  static Optional<Duration> recheckAtExpiry(Check check, Duration checkInterval) {
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (check instanceof HeldElsewhere held && held.leaseLeftMillis() >= 0
        && held.leaseLeftMillis() < checkInterval.toMillis()) {
      return Optional.of(Duration.ofMillis(held.leaseLeftMillis() + 1));
    }
    return Optional.empty();
  }

  /**
   * Whether a snapshot heard from the fleet is news to a watch: published by another watch and
   * later than the latest one it delivered from the fleet. Sequence numbers are the publishing
   * script's: the larger of the previous one plus one and the Redis clock in microseconds, so
   * they keep growing across owners and across a Redis restart that lost the data.
   *
   * @param mine this watch's lease token
   * @param lastSeq the sequence number of the latest fleet snapshot delivered, 0 for none
   * @param snapshot the snapshot heard
   * @return whether to deliver it
   */
  static boolean isNews(String mine, long lastSeq, FleetSnapshot snapshot) {
    return snapshot.seq() > lastSeq && !snapshot.publisher().equals(mine);
  }
}
