package dev.lropoller;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.RetriesExhaustedException;
import java.time.Duration;
import java.util.Objects;

/**
 * When to poll and when to give up. Immutable: every {@code withX} returns a new policy and
 * validates its argument at once, quoting a rejected value.
 *
 * <p>Poll {@code n+1} is sent {@code d(n)} after poll {@code n} answered, where
 * {@code d(1) = min(initialInterval, maxInterval)} and
 * {@code d(n+1) = min(d(n) * multiplier, maxInterval)}; each delay is then spread uniformly over
 * {@code d * (1 ± jitter)}. A failed poll (429, 5xx, a reset, …) uses the next delay of the same
 * sequence, and never less than the server's {@code Retry-After}. The first poll is sent
 * {@link #firstPollDelay()} after subscription.
 *
 * <p>The aiming schedule ({@link #withAiming}) is off by default.
 *
 * <p>The defaults match the AutoML client's own schedule (5 s, ×1.5, up to 45 s) but give the
 * operation a day, not five minutes: training runs for hours.
 */
public final class PollPolicy {
  /** Default delay before the second poll: 5 s. */
  public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(5);
  /** Default growth factor of the delay: 1.5. */
  public static final double DEFAULT_MULTIPLIER = 1.5;
  /** Default cap on the delay: 45 s. */
  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(45);
  /** Default spread of each delay: ±10 %. */
  public static final double DEFAULT_JITTER = 0.1;
  /** Default budget for one watch: 24 h. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
  /** Default limit on poll requests: none. */
  public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;
  /** Default delay before the first poll: none, since resuming by name is the normal case. */
  public static final Duration DEFAULT_FIRST_POLL_DELAY = Duration.ZERO;
  /** Default number of transient failures in a row that ends a watch: 8. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 8;
  /** Default limit on one HTTP request: 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final PollPolicy DEFAULTS =
      new PollPolicy(
          DEFAULT_INITIAL_INTERVAL, DEFAULT_MULTIPLIER, DEFAULT_MAX_INTERVAL, DEFAULT_JITTER,
          DEFAULT_TIMEOUT, UNLIMITED_ATTEMPTS, DEFAULT_FIRST_POLL_DELAY,
          DEFAULT_MAX_CONSECUTIVE_FAILURES, DEFAULT_REQUEST_TIMEOUT, null);

  private final Duration initialInterval;
  private final double multiplier;
  private final Duration maxInterval;
  private final double jitter;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration firstPollDelay;
  private final int maxConsecutiveFailures;
  private final Duration requestTimeout;
  /** The aiming schedule, or {@code null} when it is off (the default). */
  private final Aiming aiming;

  private PollPolicy(
      Duration initialInterval, double multiplier, Duration maxInterval, double jitter,
      Duration timeout, int maxAttempts, Duration firstPollDelay, int maxConsecutiveFailures,
      Duration requestTimeout, Aiming aiming) {
    this.initialInterval = initialInterval;
    this.multiplier = multiplier;
    this.maxInterval = maxInterval;
    this.jitter = jitter;
    this.timeout = timeout;
    this.maxAttempts = maxAttempts;
    this.firstPollDelay = firstPollDelay;
    this.maxConsecutiveFailures = maxConsecutiveFailures;
    this.requestTimeout = requestTimeout;
    this.aiming = aiming;
  }

  /**
   * The default policy: 5 s, ×1.5, at most 45 s, jitter 0.1, timeout 24 h, unlimited attempts,
   * first poll at once, 8 consecutive failures, 30 s per request.
   *
   * @return the shared default policy
   */
  public static PollPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A fixed interval without growth or jitter; the other settings keep their defaults.
   *
   * @param interval the delay between polls; positive
   * @return the policy
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static PollPolicy fixed(Duration interval) {
    return DEFAULTS.withInitialInterval(interval).withMaxInterval(interval).withMultiplier(1.0)
        .withJitter(0.0);
  }

  /**
   * The delay before the second poll. Default {@link #DEFAULT_INITIAL_INTERVAL} (5 s).
   *
   * @param initialInterval positive
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive
   */
  public PollPolicy withInitialInterval(Duration initialInterval) {
    return new PollPolicy(
        positive("initialInterval", initialInterval), multiplier, maxInterval, jitter, timeout,
        maxAttempts, firstPollDelay, maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The growth factor between delays. Default {@link #DEFAULT_MULTIPLIER} (1.5); 1.0 keeps the
   * interval fixed.
   *
   * @param multiplier finite and at least 1.0
   * @return a copy with the new value
   * @throws IllegalArgumentException if below 1.0, infinite or NaN
   */
  public PollPolicy withMultiplier(double multiplier) {
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1.0, but was " + multiplier);
    }
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The cap on every delay, the first included. Default {@link #DEFAULT_MAX_INTERVAL} (45 s).
   *
   * @param maxInterval positive
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive
   */
  public PollPolicy withMaxInterval(Duration maxInterval) {
    return new PollPolicy(
        initialInterval, multiplier, positive("maxInterval", maxInterval), jitter, timeout,
        maxAttempts, firstPollDelay, maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The spread of each delay: a delay {@code d} becomes uniform in
   * {@code [d * (1 - jitter), d * (1 + jitter)]}. Default {@link #DEFAULT_JITTER} (0.1); 0 makes
   * the schedule exact.
   *
   * @param jitter from 0.0 (inclusive) to 1.0 (exclusive)
   * @return a copy with the new value
   * @throws IllegalArgumentException if outside {@code [0, 1)} or NaN
   */
  public PollPolicy withJitter(double jitter) {
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0.0, 1.0), but was " + jitter);
    }
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The budget for one watch, measured on the poller's scheduler from subscription. When it is
   * spent the watch fails with {@link PollTimeoutException}; the operation is not cancelled.
   * Default {@link #DEFAULT_TIMEOUT} (24 h).
   *
   * @param timeout positive
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive
   */
  public PollPolicy withTimeout(Duration timeout) {
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, positive("timeout", timeout),
        maxAttempts, firstPollDelay, maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The most poll requests one watch sends, failed ones included, and the re-send after an
   * HTTP 401 too. When they are spent without {@code done} the watch fails with
   * {@link PollTimeoutException}. Default {@link #UNLIMITED_ATTEMPTS}.
   *
   * @param maxAttempts at least 1
   * @return a copy with the new value
   * @throws IllegalArgumentException if below 1
   */
  public PollPolicy withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
    }
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The delay before the first poll. Default {@link #DEFAULT_FIRST_POLL_DELAY} (zero): a watch
   * resumed by name polls at once. Set it to the initial interval right after starting an
   * operation, which is never done that fast.
   *
   * @param firstPollDelay zero or positive
   * @return a copy with the new value
   * @throws IllegalArgumentException if negative
   */
  public PollPolicy withFirstPollDelay(Duration firstPollDelay) {
    Objects.requireNonNull(firstPollDelay, "firstPollDelay");
    if (firstPollDelay.isNegative()) {
      throw new IllegalArgumentException(
          "firstPollDelay must not be negative, but was " + firstPollDelay);
    }
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * How many transient failures in a row end a watch with {@link RetriesExhaustedException}. A
   * successful poll resets the count. Default {@link #DEFAULT_MAX_CONSECUTIVE_FAILURES} (8).
   *
   * @param maxConsecutiveFailures at least 1
   * @return a copy with the new value
   * @throws IllegalArgumentException if below 1
   */
  public PollPolicy withMaxConsecutiveFailures(int maxConsecutiveFailures) {
    if (maxConsecutiveFailures < 1) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailures must be >= 1, but was " + maxConsecutiveFailures);
    }
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /**
   * The limit on one HTTP request, waiting for its access token included; a request that takes
   * longer counts as a transient failure (one whose token did not arrive says so). It is cut to
   * what is left of {@link #timeout()}. Default {@link #DEFAULT_REQUEST_TIMEOUT} (30 s).
   *
   * @param requestTimeout positive
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive
   */
  public PollPolicy withRequestTimeout(Duration requestTimeout) {
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, positive("requestTimeout", requestTimeout), aiming);
  }

  /**
   * Turns on the aiming schedule ({@link Aiming}), or off with {@code null}. Default: off, the
   * backoff above alone decides every delay. With it on, the backoff still decides retries
   * after failures, the delays while nothing is known of the end, and (capped at
   * {@link #maxInterval()}) the delays once an estimated end has passed.
   *
   * @param aiming the aiming settings, such as {@link Aiming#defaults()}, or {@code null}
   * @return a copy with the new value
   */
  public PollPolicy withAiming(Aiming aiming) {
    return new PollPolicy(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /** @return the aiming settings, or {@code null} when aiming is off (the default) */
  public Aiming aiming() {
    return aiming;
  }

  /** @return the delay before the second poll */
  public Duration initialInterval() {
    return initialInterval;
  }

  /** @return the growth factor between delays */
  public double multiplier() {
    return multiplier;
  }

  /** @return the cap on every delay */
  public Duration maxInterval() {
    return maxInterval;
  }

  /** @return the relative spread of each delay, in {@code [0, 1)} */
  public double jitter() {
    return jitter;
  }

  /** @return the budget for one watch */
  public Duration timeout() {
    return timeout;
  }

  /** @return the most poll requests per watch; {@link #UNLIMITED_ATTEMPTS} for no limit */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the delay before the first poll */
  public Duration firstPollDelay() {
    return firstPollDelay;
  }

  /** @return how many transient failures in a row end a watch */
  public int maxConsecutiveFailures() {
    return maxConsecutiveFailures;
  }

  /** @return the limit on one HTTP request */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * The delay after {@code previous}, before jitter: {@code min(previous * multiplier,
   * maxInterval)}, or the first delay when {@code previous} is {@code null}.
   *
   * @param previous the last un-jittered delay, or {@code null} for the first
   * @return the next un-jittered delay
   */
  public Duration nextInterval(Duration previous) {
    if (previous == null) {
      return min(initialInterval, maxInterval);
    }
    if (multiplier == 1.0) {
      return min(previous, maxInterval);
    }
    double nanos = previous.toNanos() * multiplier;
    if (nanos >= maxInterval.toNanos()) {
      return maxInterval;
    }
    return Duration.ofNanos((long) nanos);
  }

  /**
   * Spreads {@code interval} by the jitter.
   *
   * @param interval an un-jittered delay
   * @param random uniform in {@code [0, 1)}
   * @return {@code interval * (1 + jitter * (2 * random - 1))}
   */
  public Duration jittered(Duration interval, double random) {
    if (jitter == 0.0) {
      return interval;
    }
    double factor = 1.0 + jitter * (2.0 * random - 1.0);
    return Duration.ofNanos((long) (interval.toNanos() * factor));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + value);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PollPolicy)) {
      return false;
    }
    PollPolicy p = (PollPolicy) o;
    return Double.compare(multiplier, p.multiplier) == 0 && Double.compare(jitter, p.jitter) == 0
        && maxAttempts == p.maxAttempts && maxConsecutiveFailures == p.maxConsecutiveFailures
        && initialInterval.equals(p.initialInterval) && maxInterval.equals(p.maxInterval)
        && timeout.equals(p.timeout) && firstPollDelay.equals(p.firstPollDelay)
        && requestTimeout.equals(p.requestTimeout) && Objects.equals(aiming, p.aiming);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        initialInterval, multiplier, maxInterval, jitter, timeout, maxAttempts, firstPollDelay,
        maxConsecutiveFailures, requestTimeout, aiming);
  }

  /** Lists every setting, such as {@code PollPolicy{initialInterval=PT5S, multiplier=1.5, …}}. */
  @Override
  public String toString() {
    return "PollPolicy{initialInterval=" + initialInterval + ", multiplier=" + multiplier
        + ", maxInterval=" + maxInterval + ", jitter=" + jitter + ", timeout=" + timeout
        + ", maxAttempts=" + (maxAttempts == UNLIMITED_ATTEMPTS ? "unlimited" : maxAttempts)
        + ", firstPollDelay=" + firstPollDelay + ", maxConsecutiveFailures="
        + maxConsecutiveFailures + ", requestTimeout=" + requestTimeout
        + (aiming == null ? "" : ", aiming=" + aiming) + "}";
  }
}
