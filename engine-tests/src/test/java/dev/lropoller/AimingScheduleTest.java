package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The aiming schedule on the real engine under virtual time: its bounds hold whatever the
 * progress does, an estimate is never in the past, a stall costs what the backoff costs, and the
 * listener hears each estimate and its error.
 */
class AimingScheduleTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/4242";
  private static final Duration MIN = Duration.ofSeconds(2);
  private static final Duration MAX = Duration.ofMinutes(10);
  private static final PollPolicy POLICY = PollPolicy.defaults().withJitter(0)
      .withAiming(Aiming.defaults().withMinInterval(MIN).withMaxInterval(MAX));

  /** What the listener heard, with the clock at each event. */
  static final class Heard implements PollListener {
    final VirtualTimeScheduler clock;
    final List<long[]> estimates = new ArrayList<>();
    final List<Duration> errors = new ArrayList<>();
    final List<EstimateBasis> bases = new ArrayList<>();

    Heard(VirtualTimeScheduler clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void endEstimated(String name, Instant estimatedEnd, EstimateBasis basis) {
      estimates.add(new long[] {clock.now(TimeUnit.MILLISECONDS), estimatedEnd.toEpochMilli()});
      bases.add(basis);
    }

    @Override
    public synchronized void endEstimateSettled(String name, Duration error, EstimateBasis basis) {
      errors.add(error);
    }
  }

  private record Run(ProgressClockTransport server, Heard heard, long endMillis) {
    List<Long> gaps() {
      List<Long> t = server.getMillis();
      List<Long> out = new ArrayList<>();
      for (int i = 1; i < t.size(); i++) {
        out.add(t.get(i) - t.get(i - 1));
      }
      return out;
    }

    long lagMillis() {
      List<Long> t = server.getMillis();
      return t.get(t.size() - 1) - endMillis;
    }
  }

  private static Run watch(long endMillis, LongFunction<Integer> progress, Set<Integer> failing,
      PollPolicy policy) {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    ProgressClockTransport server = new ProgressClockTransport(vts, endMillis, progress, failing);
    Heard heard = new Heard(vts);
    OperationPoller poller = OperationPoller.builder(server).scheduler(vts).policy(policy)
        .listener(heard).build();
    StepVerifier.withVirtualTime(() -> poller.poll(NAME).filter(Operation -> false), () -> vts,
            Long.MAX_VALUE)
        .thenAwait(Duration.ofMillis(endMillis).plus(MAX).plusMinutes(1))
        .verifyComplete();
    return new Run(server, heard, endMillis);
  }

  static LongFunction<Integer> linear(long end) {
    return t -> (int) Math.min(99, 100 * t / end);
  }

  static List<Arguments> curves() {
    long end = 40 * 60_000;
    return List.of(
        Arguments.of("linear", end, linear(end)),
        Arguments.of("stalled at 99 from a third",
            end, (LongFunction<Integer>) t -> (int) Math.min(99, 300 * t / end)),
        Arguments.of("jumps from 20 to 90 at half", end,
            (LongFunction<Integer>) t -> t < end / 2 ? (int) (40 * t / end) : 90),
        Arguments.of("falls back to 0 at half", end,
            (LongFunction<Integer>) t -> (int) (t < end / 2 ? 100 * t / end : 100 * (t - end / 2) / end)),
        Arguments.of("noisy", end, (LongFunction<Integer>) t -> (int) Math.max(0, Math.min(99,
            100 * t / end + 4 * Math.sin(t / 7_000.0)))),
        Arguments.of("missing", end, (LongFunction<Integer>) t -> null),
        Arguments.of("short linear", 90_000L, linear(90_000)),
        Arguments.of("long linear", 6 * 3_600_000L, linear(6 * 3_600_000L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void everyGapIsWithinTheMinimumAndMaximumIntervals(String curve, long end,
      LongFunction<Integer> progress) {
    Run r = watch(end, progress, Set.of(), POLICY);
    assertThat(r.gaps()).isNotEmpty().allSatisfy(g -> assertThat(g)
        .isBetween(MIN.toMillis(), MAX.toMillis()));
    assertThat(r.lagMillis()).isNotNegative();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void noEstimateIsEverInThePast(String curve, long end, LongFunction<Integer> progress) {
    Run r = watch(end, progress, Set.of(), POLICY);
    assertThat(r.heard.estimates).allSatisfy(e -> assertThat(e[1]).isGreaterThanOrEqualTo(e[0]));
  }

  @Test
  void aLinearRunIsSeenWithinSecondsOfItsEndForAFewDozenRequests() {
    long end = 40 * 60_000;
    Run r = watch(end, linear(end), Set.of(), POLICY);
    assertThat(r.lagMillis()).isLessThanOrEqualTo(5_000);
    assertThat(r.server.getMillis()).hasSizeLessThanOrEqualTo(40);
    assertThat(r.heard.bases).contains(EstimateBasis.PROGRESS);
  }

  @Test
  void aStalledRunIsPolledAtMostAtThePolicysMaximumOnceItsWindowHasPassed() {
    long end = 60 * 60_000;
    Run r = watch(end, t -> (int) Math.min(99, 300 * t / end), Set.of(), POLICY);
    List<Long> times = r.server.getMillis();
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i - 1) > end / 2) {
        assertThat(times.get(i) - times.get(i - 1)).as("gap after %d ms", times.get(i - 1))
            .isLessThanOrEqualTo(POLICY.maxInterval().toMillis());
      }
    }
    assertThat(r.lagMillis()).isLessThanOrEqualTo(POLICY.maxInterval().toMillis());
  }

  @Test
  void afterTheEndTheListenerHearsTheErrorOfTheLastEstimateOnce() {
    long end = 40 * 60_000;
    Run r = watch(end, linear(end), Set.of(), POLICY);
    assertThat(r.heard.errors).hasSize(1);
    long lastEstimate = r.heard.estimates.get(r.heard.estimates.size() - 1)[1];
    assertThat(r.heard.errors.get(0)).isEqualTo(Duration.ofMillis(lastEstimate - end));
    assertThat(r.heard.errors.get(0).abs()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void withoutProgressOrHistoryTheScheduleIsTheBackoff() {
    long end = 20 * 60_000;
    Run aiming = watch(end, t -> null, Set.of(), POLICY);
    Run plain = watch(end, t -> null, Set.of(), PollPolicy.defaults().withJitter(0));
    assertThat(aiming.server.getMillis()).isEqualTo(plain.server.getMillis());
    assertThat(aiming.heard.estimates).isEmpty();
    assertThat(aiming.heard.errors).isEmpty();
  }

  @Test
  void aSeededHistoryGivesAnEstimateWithoutProgress() {
    long end = 50 * 60_000;
    PollPolicy seeded = POLICY.withAiming(POLICY.aiming()
        .withHistorySeed("CREATE_MODEL", Duration.ofMinutes(40), Duration.ofMinutes(90)));
    Run r = watch(end, t -> null, Set.of(), seeded);
    assertThat(r.heard.bases).isNotEmpty().containsOnly(EstimateBasis.HISTORY);
    assertThat(r.heard.estimates.get(0)[1]).isEqualTo(Duration.ofMinutes(65).toMillis());
    assertThat(r.heard.errors).containsExactly(Duration.ofMinutes(15));
    assertThat(r.lagMillis()).isLessThanOrEqualTo(POLICY.maxInterval().toMillis());
  }

  @Test
  void aFailedPollIsRetriedOnTheBackoffNotTheAim() {
    long end = 40 * 60_000;
    List<Long> backoff = List.of(5_000L, 7_500L, 11_250L, 16_875L, 25_312L, 37_968L, 45_000L);
    List<Long> clean = watch(end, linear(end), Set.of(), POLICY).server.getMillis();
    // The first GET after which the aim, not the backoff, chose the wait.
    int k = 1;
    while (backoff.contains(clean.get(k) - clean.get(k - 1))) {
      k++;
    }
    List<Long> failing = watch(end, linear(end), Set.of(k), POLICY).server.getMillis();
    assertThat(failing.subList(0, k)).isEqualTo(clean.subList(0, k));
    // GET k failed; GET k+1 is its retry, one backoff delay later.
    assertThat(backoff).contains(failing.get(k) - failing.get(k - 1));
  }
}
