package dev.lropoller.demo;

import java.time.Duration;

/**
 * How part two runs: operations start spread over {@code rampUp}, each is done a random time
 * between {@code minDone} and {@code maxDone} after its start, and a fraction of polls meet an
 * injected 503 or a 429 with {@code Retry-After}.
 *
 * @param operations how many operations to watch
 * @param interval the fixed poll interval (jittered by 10%)
 * @param rampUp the time over which the operations are started
 * @param minDone the shortest operation
 * @param maxDone the longest operation
 * @param rate503 the fraction of polls answered 503 UNAVAILABLE
 * @param rate429 the fraction of polls answered 429 RESOURCE_EXHAUSTED
 * @param retryAfter the {@code Retry-After} of those 429s
 */
public record ScaleSettings(
    int operations,
    Duration interval,
    Duration rampUp,
    Duration minDone,
    Duration maxDone,
    double rate503,
    double rate429,
    Duration retryAfter) {

  /** Part two starts at most this many operations a second. */
  static final int MAX_STARTS_PER_SECOND = 2_000;
  /** Part two polls each operation at most every {@code operations / this} seconds. */
  static final int MAX_POLLS_PER_SECOND = 5_000;

  /**
   * Part two as the command line asks: started over 5 s, each done 5 to 15 s later, 1% 503s and
   * 0.5% 429s with a 1 s {@code Retry-After}.
   *
   * <p>Larger runs are spread so that one 2-core machine, serving the emulator and the client at
   * once, keeps up: the start takes at least {@code operations / }{@link #MAX_STARTS_PER_SECOND}
   * seconds and the interval is at least {@code operations / }{@link #MAX_POLLS_PER_SECOND}
   * seconds (100,000 operations: started over 50 s, polled every 20 s, about 2,000 requests a
   * second). Up to 10,000 operations nothing changes. Asked for 100,000 operations at 2 s, the
   * run would ask for 50,000 requests a second; the requests beyond what the machine serves
   * wait in the connection pool until its pending-acquire limit refuses them, and the watches
   * fail.
   *
   * @param operations how many operations to watch
   * @param interval the poll interval asked for
   * @return the settings
   */
  public static ScaleSettings of(int operations, Duration interval) {
    Duration rampUp = max(Duration.ofSeconds(5),
        Duration.ofMillis(1000L * operations / MAX_STARTS_PER_SECOND));
    Duration spread = max(interval, Duration.ofMillis(1000L * operations / MAX_POLLS_PER_SECOND));
    return new ScaleSettings(operations, spread, rampUp, Duration.ofSeconds(5),
        Duration.ofSeconds(15), 0.01, 0.005, Duration.ofSeconds(1));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * A quick variant for tests: everything within about two seconds, with higher fault rates.
   *
   * @param operations how many operations to watch
   * @return the settings
   */
  public static ScaleSettings quick(int operations) {
    return new ScaleSettings(operations, Duration.ofMillis(200), Duration.ofMillis(300),
        Duration.ofMillis(300), Duration.ofMillis(1200), 0.05, 0.02, Duration.ofMillis(300));
  }

  /** A served rate the deadline allows for: a busy 2-core machine still answers this many polls a second. */
  static final int SLOWEST_POLLS_PER_SECOND = 500;

  /**
   * An upper bound on how long the run may take before the demo gives up: the script's own
   * time, ten intervals and retry hints, 30 s, and one poll per operation at
   * {@link #SLOWEST_POLLS_PER_SECOND} (a machine shared with other work serves fewer polls than
   * an idle one; 100,000 operations: 200 s more).
   */
  Duration deadline() {
    return rampUp.plus(maxDone).plus(interval.multipliedBy(10)).plus(retryAfter.multipliedBy(10))
        .plusSeconds(30).plusMillis(1000L * operations / SLOWEST_POLLS_PER_SECOND);
  }
}
