package dev.lropoller.internal.engine;

import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.internal.aim.RunHistory;
import dev.lropoller.internal.aim.WatchAim;
import dev.lropoller.model.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * The schedule and spending of one watch or call: the backoff sequence, attempts sent,
 * failures in a row, time since start. Used by one watch or call at a time: each step runs after
 * the previous one ended (a timer, an answer), so no two threads touch it at once. There is no
 * timeout timer of its own; the deadline is checked whenever a request is scheduled, and each
 * request's timer is cut to {@link #remainingNanos()}. {@code attempts} and {@code lastSeen} are
 * volatile because the listener and errors read them on whatever thread ends the watch.
 */
final class Budget {
  private static final int MAX_RESUME_STEPS = 64;

  private final String name;
  private final PollPolicy policy;
  private final Scheduler clock;
  private final long startNanos;

  private Duration lastInterval;
  private volatile int attempts;
  private int failuresInRow;
  private volatile Operation lastSeen;
  /** The aiming state when the policy aims, else {@code null}. */
  private final WatchAim aim;

  Budget(String name, PollPolicy policy, Scheduler clock) {
    this(name, policy, clock, null, null);
  }

  /**
   * @param history the poller's finished runs, used when the policy aims; may be {@code null}
   *     when it does not
   * @param listener the poller's listener, or {@code null}
   */
  Budget(String name, PollPolicy policy, Scheduler clock, RunHistory history,
      PollListener listener) {
    this.name = name;
    this.policy = policy;
    this.clock = clock;
    this.startNanos = clock.now(TimeUnit.NANOSECONDS);
    this.aim = policy.aiming() == null ? null
        : new WatchAim(name, policy.aiming(), history == null ? new RunHistory() : history,
            listener);
  }

  String name() {
    return name;
  }

  PollPolicy policy() {
    return policy;
  }

  /**
   * The next delay of the backoff sequence, jittered, and at least {@code floor}. When the
   * policy aims and this is the wait after a successful poll (no floor, no failure in a row),
   * the aiming schedule decides it instead, with the backoff delay as its fallback.
   */
  Duration nextDelay(Duration floor) {
    lastInterval = policy.nextInterval(lastInterval);
    Duration delay = policy.jittered(lastInterval, ThreadLocalRandom.current().nextDouble());
    if (aim != null && floor == null && failuresInRow == 0) {
      return aim.nextDelay(clock.now(TimeUnit.MILLISECONDS), delay, policy.maxInterval());
    }
    return floor != null && floor.compareTo(delay) > 0 ? floor : delay;
  }

  /**
   * The fairness bound of this watch's queued requests in the likely-first order, in
   * nanoseconds (the aiming's maximum interval); -1 when the policy does not aim or the order is
   * off, which keeps them FIFO.
   */
  long orderBoundNanos() {
    return aim == null || !policy.aiming().likelyFirst() ? -1
        : saturatedNanos(policy.aiming().maxInterval());
  }

  /**
   * The end this watch expects, epoch millis on the poller's clock; now while it has no
   * estimate (a neutral place: behind runs expected to have ended, ahead of runs expected to end
   * later); {@link LikelyFirst#NO_ESTIMATE} when the policy does not aim.
   */
  long orderKey() {
    return aim == null ? LikelyFirst.NO_ESTIMATE
        : aim.expectedEnd(clock.now(TimeUnit.MILLISECONDS));
  }

  /**
   * Age-aware resume: for an operation first seen at age {@code now - createTime}, moves the
   * backoff to where a watch started at its creation would be by now, so a three-hour-old
   * training run is polled at the maximum interval. Without a {@code createTime}, or with one in
   * the future, nothing changes.
   */
  void resumeAt(Operation op) {
    Instant created = op.metadata().createTime().orElse(null);
    if (created == null) {
      return;
    }
    long ageMillis = clock.now(TimeUnit.MILLISECONDS) - created.toEpochMilli();
    if (ageMillis <= 0) {
      return;
    }
    long age = TimeUnit.MILLISECONDS.toNanos(ageMillis);
    long covered = 0;
    Duration interval = lastInterval;
    Duration max = policy.maxInterval();
    // The sequence reaches the maximum within a few dozen steps for any multiplier above 1.
    for (int i = 0; i < MAX_RESUME_STEPS && covered < age; i++) {
      Duration next = policy.nextInterval(interval);
      if (next.equals(interval) || interval != null && interval.compareTo(max) >= 0) {
        break;
      }
      interval = next;
      covered += next.toNanos();
    }
    lastInterval = interval;
  }

  void attemptStarted() {
    attempts++;
  }

  int attempts() {
    return attempts;
  }

  boolean attemptsSpent() {
    return attempts >= policy.maxAttempts();
  }

  void succeeded() {
    failuresInRow = 0;
  }

  /** The transient failures in a row so far, not counting one being decided on. */
  int failuresInRow() {
    return failuresInRow;
  }

  /** Counts a transient failure; returns the failures in a row so far. */
  int failed() {
    return ++failuresInRow;
  }

  void seen(Operation op) {
    lastSeen = op;
    if (aim != null) {
      aim.seen(op, clock.now(TimeUnit.MILLISECONDS));
    }
  }

  /** What is left of the policy's timeout, in nanoseconds; zero once it is spent. */
  long remainingNanos() {
    // The deadline is derived, not stored: one field less in every waiting watch.
    long deadline = saturatedAdd(startNanos, policy.timeout());
    return Math.max(0, deadline - clock.now(TimeUnit.NANOSECONDS));
  }

  /**
   * The timeout of a request sent at {@code sentAtNanos}, cut to what was left of the budget
   * then, so a hung call ends on time.
   */
  Duration requestTimeout(long sentAtNanos) {
    return Duration.ofNanos(requestTimeoutNanos(sentAtNanos));
  }

  /** {@link #requestTimeout(long)} in nanoseconds. */
  long requestTimeoutNanos(long sentAtNanos) {
    long left = Math.max(0, saturatedAdd(startNanos, policy.timeout()) - sentAtNanos);
    return Math.min(left, saturatedNanos(policy.requestTimeout()));
  }

  /** {@code d} in nanoseconds, or {@link Long#MAX_VALUE} when it is longer than that holds. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The timeout error; {@code last} is the retried failure before it, or {@code null}. */
  PollTimeoutException timedOut(Throwable last) {
    return spent("timeout of " + policy.timeout() + " reached", last);
  }

  private static long saturatedAdd(long nanos, Duration d) {
    try {
      return Math.addExact(nanos, d.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  Duration elapsed() {
    return Duration.ofNanos(clock.now(TimeUnit.NANOSECONDS) - startNanos);
  }

  /** The budget-spent error; {@code last} (the retried failure before it, or null) is its cause. */
  PollTimeoutException spent(String reason, Throwable last) {
    return new PollTimeoutException(name, lastSeen, attempts, elapsed(), reason, last);
  }
}
