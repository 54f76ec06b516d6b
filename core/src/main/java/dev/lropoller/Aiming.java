package dev.lropoller;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The aiming schedule, an opt-in part of a {@link PollPolicy} ({@link PollPolicy#withAiming}):
 * instead of backing off blindly it estimates when the operation will end and polls sparsely
 * while the end is unlikely and densely around the estimate. Immutable; every {@code withX}
 * returns a copy and validates its argument at once, quoting a rejected value.
 *
 * <p><b>The estimate.</b> From the {@code progressPercent} and {@code updateTime} of two or more
 * snapshots it takes the progress rate, and from it a window in which the end is expected
 * (the width of the window covers the whole-percent rounding of the progress). Before a rate is
 * known it uses the durations of earlier runs of the same kind (and project) that this poller saw
 * end, or the {@linkplain #withHistorySeed seed} the user gave for the kind.
 *
 * <p><b>Where it polls.</b> Before the window it waits half of the time left to the window's
 * start (never more than {@link #maxInterval()}); inside the window it polls every
 * {@link #minInterval()}; once the window has passed without the end it backs off from the
 * window's end, half the overdue time per step, and never waits longer than the policy's
 * {@link PollPolicy#maxInterval()} there: a wrong estimate then costs what the backoff costs.
 * Without an estimate it follows the policy's backoff. Whatever it decides is then held within
 * {@code [minInterval, maxInterval]}, and a retry after a failed request always uses the
 * policy's backoff.
 *
 * <p><b>Bad signals.</b> Progress that <i>stalls</i> makes the window pass: the schedule backs
 * off to the policy's maximum interval, as the default does. A <i>jump</i> raises the rate and
 * moves the window earlier (more polls sooner, never a missed end). Progress that goes
 * <i>backwards</i> drops the readings before it: the rate is measured again from there.
 * <i>Missing</i> progress (or an {@code updateTime} that does not advance) gives no rate: the
 * history is used, else the backoff. With a progress rate, a <i>wrong history</i> only shapes the
 * polls before the first rate.
 *
 * <p><b>Runs without progress, with a history.</b> Once this poller has seen at least 50 runs of
 * the kind end (in the project, else over all projects), a run without a rate follows a plan
 * from their durations: it polls a run of age {@code t} every {@code c / sqrt(h(t))}, with
 * {@code h} the history's hazard (the share of runs alive at {@code t} that end soon after), the
 * spacing that gives the lowest mean lag for a number of requests; {@code c} is set so that the
 * plan expects to spend what the policy's backoff spends at its {@link PollPolicy#maxInterval()}
 * over the history's mean duration. A wait never jumps over ages where runs of the history end;
 * before the history's shortest run, a wait towards them is at least half the time to them.
 * Past the history's longest run, the policy's backoff applies. Its rules against a wrong
 * history: (1) <i>spending cap</i>: a run that has had more than 1.1 times the polls the backoff
 * at its maximum interval would have made by its age (plus one) waits at least that interval,
 * so a history that is too short costs at most about a tenth more requests; (2) <i>shown
 * wrong</i>: when more than 8 of the latest 20 runs of the kind ended before the shortest of
 * the durations held before them (a history too long: the plan would poll sparsely where runs
 * end), the history gives no estimate and the watches of the kind follow the backoff, until the
 * runs that replace its old durations make it right again. With fewer than 50 runs (or only a
 * seed), a wait before the history's window is at most a tenth of the run's age (from
 * {@code createTime}), never shorter than the backoff, and inside and after the window the
 * policy's backoff applies.
 *
 * <p><b>When the budget binds.</b> A request waiting for its project's budget
 * ({@link PollerBuilder#maxRequestsPerMinute(int)}) goes ahead of those whose runs are expected
 * to end later, within a fairness bound of {@link #maxInterval()}: see {@link #withLikelyFirst}.
 *
 * <p>Defaults: minimum interval 2 s, maximum interval 10 min, 200 finished runs kept per kind and
 * project, no seeds, likely-first order on. The history is kept in memory by each poller and is
 * lost when it closes.
 */
public final class Aiming {
  /** Default minimum interval between polls: 2 s. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(2);
  /** Default maximum interval between polls: 10 min. */
  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(10);
  /** Default number of finished-run durations kept per kind and project: 200. */
  public static final int DEFAULT_HISTORY_SIZE = 200;

  private static final Aiming DEFAULTS =
      new Aiming(DEFAULT_MIN_INTERVAL, DEFAULT_MAX_INTERVAL, DEFAULT_HISTORY_SIZE, Map.of(), true);

  private final Duration minInterval;
  private final Duration maxInterval;
  private final int historySize;
  private final Map<String, Duration[]> seeds;
  private final boolean likelyFirst;

  private Aiming(Duration minInterval, Duration maxInterval, int historySize,
      Map<String, Duration[]> seeds, boolean likelyFirst) {
    this.minInterval = minInterval;
    this.maxInterval = maxInterval;
    this.historySize = historySize;
    this.seeds = seeds;
    this.likelyFirst = likelyFirst;
  }

  /**
   * The default aiming: 2 s to 10 min, 200 runs of history per kind and project, no seeds.
   *
   * @return the shared default
   */
  public static Aiming defaults() {
    return DEFAULTS;
  }

  /**
   * The shortest wait between two polls of one watch, the dense polling around the estimate
   * included. Default {@link #DEFAULT_MIN_INTERVAL} (2 s).
   *
   * @param minInterval positive and not above {@link #maxInterval()}
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive or above the maximum interval
   */
  public Aiming withMinInterval(Duration minInterval) {
    positive("minInterval", minInterval);
    if (minInterval.compareTo(maxInterval) > 0) {
      throw new IllegalArgumentException("minInterval must not be above maxInterval ("
          + maxInterval + "), but was " + minInterval);
    }
    return new Aiming(minInterval, maxInterval, historySize, seeds, likelyFirst);
  }

  /**
   * The longest wait between two polls of one watch while the end is unlikely. Default
   * {@link #DEFAULT_MAX_INTERVAL} (10 min).
   *
   * @param maxInterval positive and not below {@link #minInterval()}
   * @return a copy with the new value
   * @throws IllegalArgumentException if not positive or below the minimum interval
   */
  public Aiming withMaxInterval(Duration maxInterval) {
    positive("maxInterval", maxInterval);
    if (maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException("maxInterval must not be below minInterval ("
          + minInterval + "), but was " + maxInterval);
    }
    return new Aiming(minInterval, maxInterval, historySize, seeds, likelyFirst);
  }

  /**
   * Whether this watch's requests, when its project's budget binds, wait in a queue ordered by
   * likely end rather than FIFO. Default {@code true}. The rule: a waiting request whose watch
   * expects its run to end earlier (the estimate reported as {@link PollListener#endEstimated})
   * gets the next slot first; one without an estimate ranks as if its run were expected to end
   * when it was queued. The fairness bound: a request that has waited {@link #maxInterval()}
   * goes before every request that has not waited its own bound, the oldest first, so after
   * {@code maxInterval} only requests queued before it can still go ahead of it: it waits at most
   * {@code maxInterval} plus the time its project's rate takes to send those, whatever the
   * estimates (with {@code R} a minute and {@code k} of them, {@code ceil(k / R)} minutes).
   * Requests of watches that do not aim (or
   * turn this off) have bound zero: they keep their FIFO order. Back-pressure stays
   * back-pressure: a queued request still ends only by the watch's timeout, close or cancel.
   *
   * @param likelyFirst {@code false} for FIFO, as without aiming
   * @return a copy with the new value
   */
  public Aiming withLikelyFirst(boolean likelyFirst) {
    return new Aiming(minInterval, maxInterval, historySize, seeds, likelyFirst);
  }

  /** @return whether queued requests go likely end first ({@link #withLikelyFirst}) */
  public boolean likelyFirst() {
    return likelyFirst;
  }

  /**
   * How many finished-run durations the poller keeps per kind and project (the oldest go first).
   * Default {@link #DEFAULT_HISTORY_SIZE} (200).
   *
   * @param historySize from 1 to 10,000
   * @return a copy with the new value
   * @throws IllegalArgumentException if outside that range
   */
  public Aiming withHistorySize(int historySize) {
    if (historySize < 1 || historySize > 10_000) {
      throw new IllegalArgumentException(
          "historySize must be between 1 and 10000, but was " + historySize);
    }
    return new Aiming(minInterval, maxInterval, historySize, seeds, likelyFirst);
  }

  /**
   * What the user knows of a kind before the poller has seen one end: "it usually takes
   * {@code shortest} to {@code longest}". Used until runs of the kind have ended on this poller.
   *
   * @param kind the kind as {@link #kindOf} names it, such as {@code "CREATE_MODEL"}
   * @param shortest positive
   * @param longest at least {@code shortest}
   * @return a copy with the seed added (replacing one for the same kind)
   * @throws IllegalArgumentException if {@code kind} is blank, a duration is not positive, or
   *     {@code longest} is below {@code shortest}
   */
  public Aiming withHistorySeed(String kind, Duration shortest, Duration longest) {
    Objects.requireNonNull(kind, "kind");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("kind must not be blank, but was '" + kind + "'");
    }
    positive("shortest", shortest);
    positive("longest", longest);
    if (longest.compareTo(shortest) < 0) {
      throw new IllegalArgumentException("longest (" + longest
          + ") must not be below shortest (" + shortest + ") for kind " + kind);
    }
    Map<String, Duration[]> copy = new HashMap<>(seeds);
    copy.put(kind, new Duration[] {shortest, longest});
    return new Aiming(minInterval, maxInterval, historySize, Collections.unmodifiableMap(copy),
        likelyFirst);
  }

  /**
   * The kind key of an operation, for seeds and the history: the name of its
   * {@link dev.lropoller.model.OperationKind} when known (such as {@code "CREATE_MODEL"}), else
   * its metadata {@code @type}, else {@code "UNKNOWN"}.
   *
   * @param op a snapshot
   * @return the key
   */
  public static String kindOf(dev.lropoller.model.Operation op) {
    dev.lropoller.model.OperationKind k = op.metadata().kind();
    if (k != dev.lropoller.model.OperationKind.UNKNOWN) {
      return k.name();
    }
    return op.metadataType().orElse("UNKNOWN");
  }

  /** @return the shortest wait between two polls */
  public Duration minInterval() {
    return minInterval;
  }

  /** @return the longest wait between two polls */
  public Duration maxInterval() {
    return maxInterval;
  }

  /** @return the finished-run durations kept per kind and project */
  public int historySize() {
    return historySize;
  }

  /**
   * The seed for {@code kind}.
   *
   * @param kind a kind key
   * @return {@code [shortest, longest]} as a new array, or {@code null} when there is none
   */
  public Duration[] historySeed(String kind) {
    Duration[] s = seeds.get(kind);
    return s == null ? null : s.clone();
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Aiming a)) {
      return false;
    }
    if (historySize != a.historySize || likelyFirst != a.likelyFirst
        || !minInterval.equals(a.minInterval)
        || !maxInterval.equals(a.maxInterval) || !seeds.keySet().equals(a.seeds.keySet())) {
      return false;
    }
    for (Map.Entry<String, Duration[]> e : seeds.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), a.seeds.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(minInterval, maxInterval, historySize, likelyFirst);
    for (Map.Entry<String, Duration[]> e : seeds.entrySet()) {
      h += e.getKey().hashCode() ^ java.util.Arrays.hashCode(e.getValue());
    }
    return h;
  }

  /** Lists every setting, such as {@code Aiming{minInterval=PT2S, maxInterval=PT10M, …}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Aiming{minInterval=").append(minInterval)
        .append(", maxInterval=").append(maxInterval).append(", historySize=").append(historySize)
        .append(", likelyFirst=").append(likelyFirst).append(", seeds={");
    seeds.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append(e.getKey())
        .append('=').append(e.getValue()[0]).append("..").append(e.getValue()[1]).append(';'));
    return b.append("}}").toString();
  }
}
