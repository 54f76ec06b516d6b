package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.internal.engine.Admission;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.TransportException;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** maxInFlight, per-project rate limits, fairness, cool-downs and back-pressure. */
class BudgetLimitsTest {
  /** The rate window: a minute. */
  private static final Duration WINDOW = Admission.RATE_WINDOW;
  private final Fixture f = new Fixture();

  private static String op(String project, int i) {
    return "projects/" + project + "/locations/us-central1/operations/" + i;
  }

  private OperationPoller.Builder builder(PollPolicy policy) {
    return OperationPoller.builder(f.fake).policy(policy).scheduler(f.timers)
        .tokenSource(AccessTokenSource.none());
  }

  /** GET times of one project's operations, in order. */
  private List<Duration> sends(String project) {
    String prefix = "projects/" + project + "/";
    return f.fake.calls().stream().filter(c -> c.kind() == Kind.GET && c.name().startsWith(prefix))
        .map(RecordedCall::at).sorted().toList();
  }

  /** Every half-open window of {@link #WINDOW} holds at most {@code limit} of {@code times}. */
  private static void assertWindowHolds(List<Duration> times, int limit) {
    for (int i = limit; i < times.size(); i++) {
      assertThat(times.get(i).minus(times.get(i - limit)))
          .as("send %d and send %d", i - limit, i)
          .isGreaterThanOrEqualTo(WINDOW);
    }
  }

  @Test
  void theRateWindowIsAMinute() {
    assertThat(WINDOW).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aSlowFirstBurstCannotPushMoreThanTheLimitIntoAServersMinute() {
    // The server's queue holds the first burst for 5 s; later answers are at once. Arrival at a
    // server lies between send and answer, so the worst case for its per-minute count is every
    // request arriving as late as its answer. Counting sends alone, the refill at 60 s would
    // meet the burst's answers at 5 s in one minute: 200 arrivals against a limit of 100.
    int limit = 100;
    for (int i = 0; i < 300; i++) {
      f.fake.script(op("p", i)).running(10);
    }
    Duration slow = Duration.ofSeconds(5);
    f.fake.latency(slow);
    OperationPoller poller = builder(PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0)
            .withTimeout(Duration.ofHours(2)))
        .maxRequestsPerMinute(limit)
        .build();
    List<Disposable> watches = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      watches.add(poller.poll(op("p", i)).subscribe());
    }
    Duration fastFrom = Duration.ofSeconds(1);
    f.vts.advanceTimeBy(fastFrom);
    f.fake.latency(Duration.ZERO);
    f.vts.advanceTimeBy(Duration.ofMinutes(10));

    List<Duration> sent = sends("p");
    List<Duration> answered = sent.stream()
        .map(at -> at.compareTo(fastFrom) < 0 ? at.plus(slow) : at).sorted().toList();
    assertThat(sent.subList(0, limit)).allMatch(Duration.ZERO::equals);
    assertWindowHolds(answered, limit);
    assertWindowHolds(sent, limit);
    // The slot of the burst comes back a minute after its 5 s answer, not a minute after its send.
    assertThat(sent.get(limit)).isEqualTo(WINDOW.plus(slow));
    // And the limit is still used: 100 a minute from then on, 10 minutes holding 9 more minutes.
    assertThat(sent).hasSizeBetween(10 * limit, 11 * limit);
    watches.forEach(Disposable::dispose);
  }

  @Test
  void maxInFlightIsNeverExceeded() {
    f.fake.latency(Duration.ofMillis(700));
    for (int i = 0; i < 500; i++) {
      f.fake.script(op("p", i)).running(10).running(20).doneEmpty();
    }
    OperationPoller poller = builder(PollPolicy.fixed(Duration.ofSeconds(1))).maxInFlight(8)
        .build();

    f.verify(() -> Flux.range(0, 500).flatMap(i -> poller.completion(op("p", i)), 500).count())
        .thenAwait(Duration.ofHours(1))
        .expectNext(0L)
        .verifyComplete();

    assertThat(f.fake.count(Kind.GET)).isEqualTo(1500);
    assertThat(f.fake.maxInFlight()).isEqualTo(8);
    assertThat(poller.engine().admission().maxInFlightSeen()).isEqualTo(8);
    assertThat(f.fake.inFlight()).isZero();
  }

  @Test
  void aRequestStillInFlightKeepsItsSlotUntilAMinuteAfterItsAnswer() {
    f.fake.script(op("p", 0)).running(10).running(20).doneEmpty();
    f.fake.latency(Duration.ofSeconds(90));
    OperationPoller poller = builder(PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0)
            .withRequestTimeout(Duration.ofMinutes(5)))
        .maxRequestsPerMinute(1)
        .build();

    f.verify(() -> poller.completion(op("p", 0)))
        .thenAwait(Duration.ofHours(1))
        .verifyComplete();

    // Sent at 0, answered at 90; the next may leave a minute after that answer, at 150, though
    // its poll was due at 91; the third likewise at 150 + 90 + 60.
    assertThat(sends("p")).containsExactly(Duration.ZERO, Duration.ofSeconds(150),
        Duration.ofSeconds(300));
  }

  @Test
  void theRateLimitHoldsPerProjectOverAnHourWhileAnUnlimitedProjectIsNotSlowed() {
    for (int i = 0; i < 50; i++) {
      f.fake.script(op("a", i)).running(10);
      f.fake.script(op("b", i)).running(10);
    }
    for (int i = 0; i < 5; i++) {
      f.fake.script(op("c", i)).running(10);
    }
    OperationPoller poller = builder(PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0)
            .withTimeout(Duration.ofHours(2)))
        .maxRequestsPerMinute(120)
        .maxRequestsPerMinute("c", Integer.MAX_VALUE)
        .build();
    List<Disposable> watches = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      watches.add(poller.poll(op("c", i)).subscribe());
    }
    for (int i = 0; i < 50; i++) {
      watches.add(poller.poll(op("a", i)).subscribe());
      watches.add(poller.poll(op("b", i)).subscribe());
    }
    f.vts.advanceTimeBy(Duration.ofHours(1));

    for (String project : List.of("a", "b")) {
      List<Duration> sent = sends(project);
      assertWindowHolds(sent, 120);
      // The limit is used, not just respected: 120 a minute for the hour, give or take one
      // window (the fake answers at once, so a slot comes back a minute after its send).
      long windows = Duration.ofHours(1).toSeconds() / WINDOW.toSeconds();
      assertThat((long) sent.size()).isBetween(windows * 120, (windows + 1) * 120);
    }
    // Project c polls every second, as if the others were not there.
    List<Duration> c = sends("c");
    assertThat(c).hasSize(5 * 3601);
    Map<String, List<Duration>> perOp = f.fake.calls().stream()
        .filter(x -> x.name().startsWith("projects/c/"))
        .collect(Collectors.groupingBy(RecordedCall::name,
            Collectors.mapping(RecordedCall::at, Collectors.toList())));
    perOp.values().forEach(times -> {
      for (int i = 1; i < times.size(); i++) {
        assertThat(times.get(i).minus(times.get(i - 1))).isEqualTo(Duration.ofSeconds(1));
      }
    });
    watches.forEach(Disposable::dispose);
  }

  @Test
  void aThousandOperationsUnderATightLimitAreEachPolledWithinTheStatedBound() {
    int limit = 100;
    int n = 1000;
    for (int i = 0; i < n; i++) {
      f.fake.script(op("p", i)).doneEmpty();
    }
    PollPolicy policy = PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0);
    OperationPoller poller = builder(policy).maxRequestsPerMinute(limit).build();

    f.verify(() -> Flux.range(0, n).flatMap(i -> poller.completion(op("p", i)), n).count())
        .thenAwait(Duration.ofHours(1))
        .expectNext(0L)
        .verifyComplete();

    // Bound: the request at queue position k leaves within ceil(k / limit) minutes plus as many
    // request latencies (none here) of queueing; every request here queued within the first initial interval (the resume
    // spread).
    List<Duration> sent = sends("p");
    assertThat(sent).hasSize(n);
    assertWindowHolds(sent, limit);
    for (int k = 1; k <= n; k++) {
      Duration bound = WINDOW.multipliedBy((k + limit - 1) / limit)
          .plus(policy.initialInterval());
      assertThat(sent.get(k - 1)).as("position %d", k).isLessThanOrEqualTo(bound);
    }
    // And the bound is tight: the last one needs all n / limit windows but the first.
    assertThat(sent.get(n - 1)).isGreaterThanOrEqualTo(WINDOW.multipliedBy(n / limit - 1));
  }

  @Test
  void a429CoolsDownItsWholeProjectAndNoOther() {
    List<String> coolDowns = new CopyOnWriteArrayList<>();
    f.fake.script(op("a", 0)).running(10).httpError(429,
        "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
        Duration.ofSeconds(30)).running(10);
    for (int i = 1; i < 3; i++) {
      f.fake.script(op("a", i)).running(10);
    }
    for (int i = 0; i < 3; i++) {
      f.fake.script(op("b", i)).running(10);
    }
    OperationPoller poller = builder(PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0))
        .listener(new PollListener() {
          @Override
          public void coolDownStarted(String project, Duration delay) {
            coolDowns.add(project + " " + delay);
          }
        })
        .build();
    List<Disposable> watches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      watches.add(poller.poll(op("a", i)).subscribe());
      watches.add(poller.poll(op("b", i)).subscribe());
    }
    f.vts.advanceTimeBy(Duration.ofSeconds(60));

    assertThat(coolDowns).containsExactly("a PT30S");
    Duration at429 = Duration.ofSeconds(1);
    assertThat(sends("a")).noneMatch(t -> t.compareTo(at429) > 0
        && t.compareTo(at429.plusSeconds(30)) < 0);
    assertThat(sends("a")).anyMatch(t -> t.equals(at429.plusSeconds(30)));
    // b polled every second throughout: 61 polls of each of its 3 operations.
    assertThat(sends("b")).hasSize(3 * 61);
    watches.forEach(Disposable::dispose);
  }

  @Test
  void backPressureIsRetriedWithoutCountingAFailure() {
    TransportException full = TransportException.backPressure(
        "Pending acquire queue has reached its maximum size of 1", null);
    FakeScripts.repeat(f.fake.script(Fixture.NAME), full, 10).doneEmpty();
    OperationPoller poller = builder(PollPolicy.defaults().withMaxConsecutiveFailures(2)).build();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .verifyComplete();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(11);
  }

  @Test
  void aQueuedPollStillEndsWithinTheWatchTimeout() {
    f.fake.script(op("p", 1)).running(10);
    f.fake.script(op("p", 2)).running(10);
    OperationPoller poller = builder(PollPolicy.defaults().withTimeout(Duration.ofSeconds(30)))
        .maxRequestsPerMinute(1).build();
    List<Throwable> firstErrors = new CopyOnWriteArrayList<>();
    Disposable first = poller.poll(op("p", 1)).subscribe(op -> { }, firstErrors::add);

    f.verify(() -> poller.poll(op("p", 2)))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(30))
        .expectError(PollTimeoutException.class)
        .verifyThenAssertThat()
        .hasNotDroppedErrors();
    // The first watch's second poll queued behind it, and its own timeout ended it too.
    assertThat(sends("p")).containsExactly(Duration.ZERO);
    assertThat(firstErrors).singleElement().isInstanceOf(PollTimeoutException.class);
    first.dispose();
  }

  @Test
  void theBuilderRefusesBadLimitsQuotingTheValue() {
    OperationPoller.Builder b = OperationPoller.builder(f.fake);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxInFlight(0))
        .hasMessageContaining("0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxRequestsPerMinute(-5))
        .hasMessageContaining("-5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxRequestsPerMinute("a/b", 5))
        .hasMessageContaining("'a/b'");
  }

  /** Script helpers. */
  static final class FakeScripts {
    static dev.lropoller.testing.FakeOperationsTransport.Script repeat(
        dev.lropoller.testing.FakeOperationsTransport.Script s, RuntimeException e, int times) {
      for (int i = 0; i < times; i++) {
        s.error(e);
      }
      return s;
    }
  }
}
