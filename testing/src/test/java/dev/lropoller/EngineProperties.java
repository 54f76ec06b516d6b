package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spi.RetryAfter;
import dev.lropoller.testing.FakeOperationsTransport.Call;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
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
 */
class EngineProperties {
  private static final int TRIES = 1_000;
  private static final Logger ENGINE_LOG = Logger.getLogger(PollingEngine.class.getName());
  private static Level savedLevel;

  /** The runs give up by the hundred; their WARN lines would flood the build output. */
  @BeforeContainer
  static void quietEngineLogs() {
    Loggers.useJdkLoggers();
    savedLevel = ENGINE_LOG.getLevel();
    ENGINE_LOG.setLevel(Level.OFF);
  }

  @AfterContainer
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

  @Provide
  Arbitrary<Step> step() {
    Arbitrary<Duration> hint = Arbitraries.longs().between(0, 7_200_000).map(Duration::ofMillis);
    Arbitrary<Integer> transientStatus = Arbitraries.of(429, 500, 502, 503, 504);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.just(new Step(Outcome.RUNNING, 0, null))),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step(Outcome.DONE, 0, null))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step(Outcome.DONE_WITH_ERROR, 0, null))),
        net.jqwik.api.Tuple.of(4, transientStatus.map(s -> new Step(Outcome.TRANSIENT, s, null))),
        net.jqwik.api.Tuple.of(2, Combinators.combine(transientStatus, hint)
            .as((s, h) -> new Step(Outcome.RETRY_AFTER, s, h))),
        net.jqwik.api.Tuple.of(2, hint.map(h -> new Step(Outcome.RETRY_INFO, 503, h))),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step(Outcome.UNAUTHORIZED, 401, null))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step(Outcome.HANG, 0, null))),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step(Outcome.RESET, 0, null))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step(Outcome.MALFORMED, 0, null))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step(Outcome.EMPTY, 0, null))),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(400, 403, 404)
            .map(s -> new Step(Outcome.PERMANENT, s, null))));
  }

  @Provide
  Arbitrary<List<Step>> script() {
    return step().list().ofMinSize(1).ofMaxSize(25);
  }

  @Provide
  Arbitrary<PollPolicy> policy() {
    Arbitrary<Duration> initial = Arbitraries.longs().between(200, 30_000).map(Duration::ofMillis);
    Arbitrary<Double> multiplier = Arbitraries.of(1.0, 1.25, 1.5, 2.0, 3.0);
    Arbitrary<Duration> maxInterval =
        Arbitraries.longs().between(200, 60_000).map(Duration::ofMillis);
    Arbitrary<Double> jitter = Arbitraries.of(0.0, 0.1, 0.25, 0.5, 0.9);
    // Mostly minutes; sometimes hours, so that a hint over the 1 h clamp can show in a wait.
    Arbitrary<Duration> timeout = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.longs().between(1, 600).map(Duration::ofSeconds)),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 4).map(Duration::ofHours)));
    Arbitrary<Integer> maxAttempts = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(PollPolicy.UNLIMITED_ATTEMPTS)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 30)));
    Arbitrary<Duration> firstDelay = Arbitraries.longs().between(0, 10_000).map(Duration::ofMillis);
    Arbitrary<Integer> maxFailures = Arbitraries.integers().between(1, 10);
    Arbitrary<Duration> requestTimeout =
        Arbitraries.longs().between(100, 60_000).map(Duration::ofMillis);
    return Combinators.combine(initial, multiplier, maxInterval, jitter, timeout, maxAttempts,
            firstDelay, maxFailures)
        .as((i, m, max, j, t, a, d, f) -> PollPolicy.defaults().withInitialInterval(i)
            .withMultiplier(m).withMaxInterval(max).withJitter(j).withTimeout(t)
            .withMaxAttempts(a).withFirstPollDelay(d).withMaxConsecutiveFailures(f))
        .flatMap(p -> requestTimeout.map(p::withRequestTimeout));
  }

  @Property(tries = TRIES)
  void aWatchLeftAloneKeepsEveryInvariant(
      @ForAll("script") List<Step> steps, @ForAll("policy") PollPolicy policy) {
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

  @Property(tries = TRIES)
  void aCancelAtARandomMomentStopsEverything(
      @ForAll("script") List<Step> steps, @ForAll("policy") PollPolicy policy,
      @ForAll("fraction") double when) {
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

  @Provide
  Arbitrary<Double> fraction() {
    return Arbitraries.doubles().between(0.0, 1.0);
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
          .map(Call::at).toList();
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
