package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.LroException;
import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.RetryAfter;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import dev.lropoller.testing.FakeOperationsTransport.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.Loggers;

/**
 * Issue 7, "prove it" 2: the engine's invariants for random scripts of poll outcomes and random
 * policies, under virtual time with the fake transport. For every run:
 *
 * <ul>
 *   <li>the snapshots emitted are exactly the successful answers, in order;
 *   <li>there is exactly one terminal signal when the run is left alone (at most one in any
 *       case), nothing after it, and an error is always an {@link LroException};
 *   <li>every wait between requests lies within the policy's bounds, or at the server's clamped
 *       hint, and the re-send after a 401 goes at once;
 *   <li>no request leaves at or after the timeout, and the watch ends no later than timeout plus
 *       one request timeout;
 *   <li>requests stay within {@code maxAttempts}, the 401 re-send included;
 *   <li>a cancel at a random moment stops everything: no request after it, no timer pending,
 *       nothing left in the poller's registry.
 * </ul>
 *
 * <p>Each property runs {@value #DEFAULT_CASES} cases (override with {@code
 * -Dlropoller.properties.cases=N}); case {@code i} draws everything from a {@link
 * SplittableRandom} seeded with {@code i}, so a failure names its seed, script and policy, and
 * {@code -Dlropoller.properties.seed=N} replays that one case alone. There is no shrinking: the
 * failure reports the first failing seed and how many seeds failed.
 */
class EngineProperties {
  private static final int DEFAULT_CASES = 1_000;
  /** A thousand cases outlast the platform's 30 s default for one test; this bounds them all. */
  private static final long CASES_TIMEOUT_SECONDS = 120;
  private static final String SEED_PROPERTY = "lropoller.properties.seed";
  private static final String CASES_PROPERTY = "lropoller.properties.cases";
  /** Failing seeds listed in a failure message, beyond the first one's full report. */
  private static final int SEEDS_LISTED = 10;
  private static final Logger ENGINE_LOG = Logger.getLogger(PollingEngine.class.getName());
  private static Level savedLevel;

  /** The runs give up by the hundred; their WARN lines would flood the build output. */
  @BeforeAll
  static void quietEngineLogs() {
    Loggers.useJdkLoggers();
    savedLevel = ENGINE_LOG.getLevel();
    ENGINE_LOG.setLevel(Level.OFF);
  }

  @AfterAll
  static void restoreLogs() {
    ENGINE_LOG.setLevel(savedLevel);
    Loggers.resetLoggerFactory();
  }
  private static final Duration TOLERANCE = Duration.ofMillis(1);

  /** What one GET answers. */
  enum Outcome {
    RUNNING, DONE, DONE_WITH_ERROR, TRANSIENT, RETRY_AFTER, RETRY_INFO, UNAUTHORIZED, HANG,
    RESET, MALFORMED, EMPTY, PERMANENT
  }

  /** One scripted answer; {@code status} and {@code hint} only where the outcome has them. */
  record Step(Outcome outcome, int status, Duration hint) {
    boolean success() {
      return outcome == Outcome.RUNNING || outcome == Outcome.DONE
          || outcome == Outcome.DONE_WITH_ERROR;
    }

    /** The retry floor the server asked for, as the engine sees it: clamped. */
    Duration floor() {
      if (hint == null) {
        return Duration.ZERO;
      }
      return hint.compareTo(RetryAfter.MAX_DELAY) > 0 ? RetryAfter.MAX_DELAY : hint;
    }

    @Override
    public String toString() {
      return outcome + (status == 0 ? "" : " " + status) + (hint == null ? "" : " " + hint);
    }
  }

  /**
   * The random source of one case. Bounded draws hit either bound one time in 20, so that a zero
   * hint, a one-step script or a cancel at the very start or at the timeout keep coming up.
   */
  static final class Gen {
    private static final int EDGE_ODDS = 20;
    private final SplittableRandom random;

    Gen(long seed) {
      random = new SplittableRandom(seed);
    }

    /** Uniform in {@code [lo, hi]}, both inclusive, with the bounds favoured. */
    long between(long lo, long hi) {
      if (random.nextInt(EDGE_ODDS) == 0) {
        return random.nextBoolean() ? lo : hi;
      }
      return random.nextLong(lo, hi + 1);
    }

    int between(int lo, int hi) {
      return (int) between((long) lo, (long) hi);
    }

    /** Uniform in {@code [0, 1]}, with both bounds favoured. */
    double fraction() {
      if (random.nextInt(EDGE_ODDS) == 0) {
        return random.nextBoolean() ? 0.0 : 1.0;
      }
      return random.nextDouble();
    }

    <T> T oneOf(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    /** The index of the branch picked, with the weights given. */
    int weighted(int... weights) {
      int total = 0;
      for (int w : weights) {
        total += w;
      }
      int pick = random.nextInt(total);
      for (int i = 0; i < weights.length; i++) {
        pick -= weights[i];
        if (pick < 0) {
          return i;
        }
      }
      throw new IllegalStateException("unreachable");
    }
  }

  private static final List<Integer> TRANSIENT_STATUSES = List.of(429, 500, 502, 503, 504);
  private static final List<Integer> PERMANENT_STATUSES = List.of(400, 403, 404);
  private static final List<Double> MULTIPLIERS = List.of(1.0, 1.25, 1.5, 2.0, 3.0);
  private static final List<Double> JITTERS = List.of(0.0, 0.1, 0.25, 0.5, 0.9);

  private static Duration hint(Gen g) {
    return Duration.ofMillis(g.between(0L, 7_200_000L));
  }

  /** One answer; the weights are the outcomes' frequencies, in {@link Outcome}'s order. */
  static Step step(Gen g) {
    Outcome o = Outcome.values()[g.weighted(8, 2, 1, 4, 2, 2, 2, 1, 2, 1, 1, 1)];
    return switch (o) {
      case RUNNING, DONE, DONE_WITH_ERROR, HANG, RESET, MALFORMED, EMPTY -> new Step(o, 0, null);
      case TRANSIENT -> new Step(o, g.oneOf(TRANSIENT_STATUSES), null);
      case RETRY_AFTER -> new Step(o, g.oneOf(TRANSIENT_STATUSES), hint(g));
      case RETRY_INFO -> new Step(o, 503, hint(g));
      case UNAUTHORIZED -> new Step(o, 401, null);
      case PERMANENT -> new Step(o, g.oneOf(PERMANENT_STATUSES), null);
    };
  }

  static List<Step> script(Gen g) {
    int size = g.between(1, 25);
    List<Step> steps = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      steps.add(step(g));
    }
    return List.copyOf(steps);
  }

  static PollPolicy policy(Gen g) {
    Duration initial = Duration.ofMillis(g.between(200L, 30_000L));
    double multiplier = g.oneOf(MULTIPLIERS);
    Duration maxInterval = Duration.ofMillis(g.between(200L, 60_000L));
    double jitter = g.oneOf(JITTERS);
    // Mostly minutes; sometimes hours, so that a hint over the 1 h clamp can show in a wait.
    Duration timeout = g.weighted(9, 1) == 0
        ? Duration.ofSeconds(g.between(1L, 600L))
        : Duration.ofHours(g.between(1L, 4L));
    int maxAttempts = g.weighted(1, 2) == 0 ? PollPolicy.UNLIMITED_ATTEMPTS : g.between(1, 30);
    Duration firstDelay = Duration.ofMillis(g.between(0L, 10_000L));
    int maxFailures = g.between(1, 10);
    Duration requestTimeout = Duration.ofMillis(g.between(100L, 60_000L));
    return PollPolicy.defaults().withInitialInterval(initial).withMultiplier(multiplier)
        .withMaxInterval(maxInterval).withJitter(jitter).withTimeout(timeout)
        .withMaxAttempts(maxAttempts).withFirstPollDelay(firstDelay)
        .withMaxConsecutiveFailures(maxFailures).withRequestTimeout(requestTimeout);
  }

  /**
   * Runs {@code property} once per seed: the one {@code -Dlropoller.properties.seed} names, or
   * {@code 0 .. cases-1}. Fails after the last seed, with the first failure's seed and case and the
   * list of failing seeds.
   */
  private static void forAllSeeds(String property, BiConsumer<Gen, StringBuilder> body) {
    String only = System.getProperty(SEED_PROPERTY);
    long first = only == null ? 0 : Long.parseLong(only.trim());
    long count = only == null ? Long.getLong(CASES_PROPERTY, DEFAULT_CASES) : 1;
    List<Long> failed = new ArrayList<>();
    AssertionError firstFailure = null;
    for (long seed = first; seed < first + count; seed++) {
      StringBuilder generated = new StringBuilder();
      try {
        body.accept(new Gen(seed), generated);
      } catch (AssertionError | RuntimeException e) {
        failed.add(seed);
        if (firstFailure == null) {
          firstFailure = new AssertionError(property + " failed for seed " + seed
              + " (replay: -D" + SEED_PROPERTY + "=" + seed + ")\n" + generated
              + "\n" + e.getMessage(), e);
        }
      }
    }
    if (firstFailure != null) {
      AssertionError summary = new AssertionError(firstFailure.getMessage() + "\n"
          + failed.size() + " of " + count + " seeds failed; first ones: "
          + failed.subList(0, Math.min(SEEDS_LISTED, failed.size())), firstFailure.getCause());
      throw summary;
    }
  }

  @Test
  @Timeout(CASES_TIMEOUT_SECONDS)
  void aWatchLeftAloneKeepsEveryInvariant() {
    forAllSeeds("aWatchLeftAloneKeepsEveryInvariant", (g, generated) -> {
      List<Step> steps = script(g);
      PollPolicy policy = policy(g);
      generated.append("script: ").append(steps).append("\npolicy: ").append(policy);
      aWatchLeftAloneKeepsEveryInvariant(steps, policy);
    });
  }

  private static void aWatchLeftAloneKeepsEveryInvariant(List<Step> steps, PollPolicy policy) {
    Run run = new Run(steps, policy);
    run.start();
    run.f.vts.advanceTimeBy(policy.timeout().plus(policy.requestTimeout()).plusSeconds(1));

    assertThat(run.recorder.terminals).as("terminal signals").isEqualTo(1);
    assertThat(run.recorder.terminalAt)
        .as("end vs timeout %s + request timeout %s", policy.timeout(), policy.requestTimeout())
        .isLessThanOrEqualTo(policy.timeout().plus(policy.requestTimeout()));
    if (run.recorder.error != null) {
      assertThat(run.recorder.error).isInstanceOf(LroException.class);
    } else {
      assertThat(run.recorder.emitted).isNotEmpty().last().asString().startsWith("done");
    }
    run.checkRequests();
    run.assertNothingLeft();
    assertThat(run.f.fake.calls()).allSatisfy(
        c -> assertThat(c.at()).isLessThanOrEqualTo(run.recorder.terminalAt));
  }

  @Test
  @Timeout(CASES_TIMEOUT_SECONDS)
  void aCancelAtARandomMomentStopsEverything() {
    forAllSeeds("aCancelAtARandomMomentStopsEverything", (g, generated) -> {
      List<Step> steps = script(g);
      PollPolicy policy = policy(g);
      double when = g.fraction();
      generated.append("script: ").append(steps).append("\npolicy: ").append(policy)
          .append("\ncancel at: ").append(when).append(" of the timeout");
      aCancelAtARandomMomentStopsEverything(steps, policy, when);
    });
  }

  private static void aCancelAtARandomMomentStopsEverything(
      List<Step> steps, PollPolicy policy, double when) {
    Run run = new Run(steps, policy);
    run.start();
    Duration cancelAt = Duration.ofNanos((long) (policy.timeout().toNanos() * when));
    run.f.vts.advanceTimeBy(cancelAt);
    boolean endedBefore = run.recorder.terminals > 0;
    run.recorder.cancel();
    int sent = run.f.fake.calls().size();
    run.f.vts.advanceTimeBy(policy.timeout().plus(policy.requestTimeout()).plusHours(2));

    assertThat(run.f.fake.calls()).as("requests after the cancel at %s", cancelAt).hasSize(sent);
    assertThat(run.recorder.terminals).isEqualTo(endedBefore ? 1 : 0);
    run.checkRequests();
    run.assertNothingLeft();
  }

  /** One watch of a random script under a random policy, on its own virtual clock. */
  private static final class Run {
    final Fixture f = new Fixture();
    final List<Step> steps;
    final PollPolicy policy;
    final OperationPoller poller;
    final Recorder recorder;

    Run(List<Step> steps, PollPolicy policy) {
      this.steps = steps;
      this.policy = policy;
      Script script = f.fake.script(Fixture.NAME);
      for (int i = 0; i < steps.size(); i++) {
        add(script, i, steps.get(i));
      }
      poller = OperationPoller.builder(f.fake).policy(policy).scheduler(f.timers).build();
      recorder = new Recorder(f);
    }

    private static void add(Script script, int index, Step s) {
      switch (s.outcome()) {
        case RUNNING -> script.running(index);
        case DONE -> script.doneEmpty();
        case DONE_WITH_ERROR -> script.doneWithError(13, "scripted failure");
        case TRANSIENT -> script.httpError(s.status());
        case RETRY_AFTER -> script.httpError(s.status(), "{}", s.hint());
        case RETRY_INFO -> script.httpError(503, "{\"error\":{\"code\":503,\"status\":"
            + "\"UNAVAILABLE\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc."
            + "RetryInfo\",\"retryDelay\":\"" + s.hint().toMillis() / 1000.0 + "s\"}]}}", null);
        case UNAUTHORIZED -> script.unauthorized();
        case HANG -> script.hang();
        case RESET -> script.reset();
        case MALFORMED -> script.malformed();
        case EMPTY -> script.empty();
        case PERMANENT -> script.httpError(s.status());
        default -> throw new IllegalStateException(s.toString());
      }
    }

    void start() {
      poller.poll(Fixture.NAME).subscribe(recorder);
    }

    /** The step the {@code i}-th GET answered: the script's last step repeats. */
    Step answer(int i) {
      return steps.get(Math.min(i, steps.size() - 1));
    }

    /** Emissions, waits, the timeout and the attempt bound, from the recorded GETs. */
    void checkRequests() {
      List<Duration> times = f.fake.calls().stream().filter(c -> c.kind() == Kind.GET)
          .map(RecordedCall::at).toList();
      assertThat(times.size()).as("requests vs maxAttempts").isLessThanOrEqualTo(
          policy.maxAttempts());
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < times.size(); i++) {
        Step s = answer(i);
        if (s.success()) {
          expected.add(s.outcome() == Outcome.RUNNING ? "running " + Math.min(i, steps.size() - 1)
              : "done");
        }
      }
      assertThat(recorder.emitted).as("snapshots emitted").isEqualTo(expected);
      if (times.isEmpty()) {
        return;
      }
      assertThat(times.get(0)).as("first poll").isEqualTo(policy.firstPollDelay());
      assertThat(times.get(times.size() - 1)).as("last request vs timeout")
          .isLessThan(policy.timeout());
      Duration shortest = min(policy.initialInterval(), policy.maxInterval());
      Duration lo = scale(shortest, 1 - policy.jitter()).minus(TOLERANCE);
      Duration hi = scale(policy.maxInterval(), 1 + policy.jitter()).plus(TOLERANCE);
      boolean resent = false;
      for (int i = 1; i < times.size(); i++) {
        Step previous = answer(i - 1);
        Duration latency = previous.outcome() == Outcome.HANG
            ? min(policy.requestTimeout(), policy.timeout().minus(times.get(i - 1)))
            : Duration.ZERO;
        Duration wait = times.get(i).minus(times.get(i - 1)).minus(latency);
        String what = "wait before request " + (i + 1) + " after " + previous + " in " + steps;
        if (previous.outcome() == Outcome.UNAUTHORIZED) {
          assertThat(resent).as("a second 401 in a row is final, " + what).isFalse();
          assertThat(wait).as(what).isZero();
          resent = true;
          continue;
        }
        resent = false;
        Duration floor = previous.floor();
        assertThat(wait).as(what).isBetween(max(lo, floor.minus(TOLERANCE)),
            max(hi, floor.plus(TOLERANCE)));
      }
    }

    void assertNothingLeft() {
      assertThat(f.timers.pending()).as("timers pending").isZero();
      assertThat(poller.engine().activeCount()).as("watches registered").isZero();
    }
  }

  /**
   * Records what the watch signals and when, on the virtual clock. A plain subscriber, so that a
   * second terminal signal would be counted rather than filtered out.
   */
  private static final class Recorder implements CoreSubscriber<Operation> {
    private final Fixture f;
    final List<String> emitted = new ArrayList<>();
    int terminals;
    Duration terminalAt;
    Throwable error;
    private Subscription subscription;

    Recorder(Fixture f) {
      this.f = f;
    }

    private Duration now() {
      return Duration.ofNanos(f.vts.now(TimeUnit.NANOSECONDS));
    }

    void cancel() {
      subscription.cancel();
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Operation op) {
      assertThat(terminals).as("a snapshot after the terminal signal").isZero();
      emitted.add(op.done() ? "done" : "running " + op.progressPercent().orElse(-1));
    }

    @Override
    public void onComplete() {
      terminals++;
      terminalAt = now();
    }

    @Override
    public void onError(Throwable e) {
      terminals++;
      terminalAt = now();
      error = e;
    }
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos((long) (d.toNanos() * factor));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
