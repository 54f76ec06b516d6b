package dev.lropoller.demo;

import java.time.Duration;

/**
 * How part two runs: operations start spread over {@code rampUp}, round-robin over
 * {@code projects} projects; each is done a random time between {@code minDone} and
 * {@code maxDone} after its start. A fraction of polls meet an injected 503 or a connection
 * reset (transient faults the poller retries). Every project has a quota of
 * {@code quotaPerMinute} requests per minute at the emulator, which answers a request over it
 * 429 RESOURCE_EXHAUSTED as Google does; the poller's {@code maxRequestsPerMinute} per project is
 * set a little under the quota, so no request should ever meet a 429 and no project should be
 * cooled down. There are no random 429s: at Google a 429 means the project is over its quota.
 *
 * @param operations how many operations to watch
 * @param interval the fixed poll interval (jittered by 10%)
 * @param rampUp the time over which the operations are started
 * @param minDone the shortest operation
 * @param maxDone the longest operation
 * @param rate503 the fraction of polls answered 503 UNAVAILABLE
 * @param rateReset the fraction of polls whose connection is reset before any answer
 * @param projects how many projects the operations are spread over
 * @param quotaPerMinute each project's quota at the emulator, requests per minute
 * @param maxRequestsPerMinute the poller's budget per project, requests per minute
 */
public record ScaleSettings(
    int operations,
    Duration interval,
    Duration rampUp,
    Duration minDone,
    Duration maxDone,
    double rate503,
    double rateReset,
    int projects,
    int quotaPerMinute,
    int maxRequestsPerMinute) {

  /** Part two starts at most this many operations a second. */
  static final int MAX_STARTS_PER_SECOND = 2_000;
  /** Part two polls each operation at most every {@code operations / this} seconds. */
  static final int MAX_POLLS_PER_SECOND = 5_000;
  /** Part two spreads its operations over this many projects (fewer if it has fewer operations). */
  static final int PROJECTS = 4;
  /** The poller's budget is this fraction of the quota: "slightly under", as the README advises. */
  static final double BUDGET_SHARE = 0.95;
  /** Part two's projects: {@code projects/demo-scale-p0} and so on. */
  static final String PROJECT_PREFIX = "demo-scale-p";

  /**
   * Part two as the command line asks: started over 5 s, each done 5 to 15 s later, 1% 503s and
   * 0.5% connection resets, over {@link #PROJECTS} projects, each under a quota sized for the
   * polls its operations need (see {@link #quotaFor}).
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
    return sized(operations, spread, rampUp, Duration.ofSeconds(5), Duration.ofSeconds(15), 0.01, 0.005);
  }

  /**
   * A quick variant for tests: everything within about two seconds, with higher fault rates.
   *
   * @param operations how many operations to watch
   * @return the settings
   */
  public static ScaleSettings quick(int operations) {
    return sized(operations, Duration.ofMillis(200), Duration.ofMillis(300),
        Duration.ofMillis(300), Duration.ofMillis(1200), 0.05, 0.02);
  }

  private static ScaleSettings sized(int operations, Duration interval, Duration rampUp,
      Duration minDone, Duration maxDone, double rate503, double rateReset) {
    int projects = Math.min(PROJECTS, operations);
    int quota = quotaFor(operations, projects, interval, maxDone);
    return new ScaleSettings(operations, interval, rampUp, minDone, maxDone, rate503, rateReset,
        projects, quota, (int) Math.floor(quota * BUDGET_SHARE));
  }

  /**
   * A quota no busier than real use needs: the requests one project's operations can send in
   * the worst case, if every one of them ran inside the same minute. An operation is polled
   * from one interval after its start until it is done, so at most
   * {@code ceil(maxDone / interval) + 1} polls, plus one retry for a transient fault. The quota is
   * that bound divided by {@link #BUDGET_SHARE} and rounded up, so the budget under it is the
   * bound.
   *
   * <p>This is a quota scaled to the demo's seconds-long operations (AutoML publishes 600 a
   * minute per project for operations that run for minutes or hours): it shows a poller shared
   * by several projects keeping each under its own quota, not AutoML's exact numbers.
   */
  static int quotaFor(int operations, int projects, Duration interval, Duration maxDone) {
    long perOperation = ceilDiv(maxDone.toNanos(), interval.toNanos()) + 2;
    long perProject = ceilDiv(operations, projects) * perOperation;
    return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(perProject / BUDGET_SHARE));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The name of part two's project {@code i}.
   *
   * @param i the project index, {@code 0 .. projects - 1}
   * @return e.g. {@code demo-scale-p0}
   */
  static String project(int i) {
    return PROJECT_PREFIX + i;
  }

  /** A served rate the deadline allows for: a busy 2-core machine still answers this many polls a second. */
  static final int SLOWEST_POLLS_PER_SECOND = 500;

  /**
   * An upper bound on how long the run may take before the demo gives up: the script's own
   * time, ten intervals, 40 s, and one poll per operation at {@link #SLOWEST_POLLS_PER_SECOND}
   * (a machine shared with other work serves fewer polls than an idle one; 100,000 operations:
   * 200 s more).
   */
  Duration deadline() {
    return rampUp.plus(maxDone).plus(interval.multipliedBy(10))
        .plusSeconds(40).plusMillis(1000L * operations / SLOWEST_POLLS_PER_SECOND);
  }
}
