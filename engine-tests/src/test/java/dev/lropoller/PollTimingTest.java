package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollTimingTest {
  private final Fixture f = new Fixture();

  @Test
  void withoutJitterPollsExactlyOnTheBackoffSchedule() {
    f.fake.script(Fixture.NAME).running(0).running(10).running(20).running(30).running(40)
        .running(50).running(60).running(70).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofHours(1))
        .expectNextCount(9)
        .verifyComplete();

    // 5 s ×1.5 capped at 45 s: gaps 5, 7.5, 11.25, 16.875, 25.3125, 37.96875, 45, 45.
    assertThat(f.getTimes()).containsExactly(
        Duration.ZERO, ms(5_000), ms(12_500), ms(23_750), ms(40_625), ms(65_937.5),
        ms(103_906.25), ms(148_906.25), ms(193_906.25));
  }

  @Test
  void jitterKeepsEachGapWithinPlusMinusTheJitterOfTheUnjitteredDelay() {
    f.fake.script(Fixture.NAME);
    for (int i = 0; i < 30; i++) {
      f.fake.script(Fixture.NAME).running(i);
    }
    f.fake.script(Fixture.NAME).doneEmpty();
    OperationPoller poller = f.poller(PollPolicy.defaults().withJitter(0.2));

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofHours(2))
        .expectNextCount(31)
        .verifyComplete();

    List<Duration> times = f.getTimes();
    double base = 5_000;
    boolean sawSpread = false;
    for (int i = 1; i < times.size(); i++) {
      double gap = times.get(i).minus(times.get(i - 1)).toNanos() / 1e6;
      double expected = Math.min(base, 45_000);
      assertThat(gap).as("gap %d", i).isBetween(expected * 0.8 - 0.001, expected * 1.2 + 0.001);
      sawSpread |= Math.abs(gap - expected) > 1;
      base = Math.min(base * 1.5, 45_000);
    }
    assertThat(sawSpread).as("jitter moved at least one poll").isTrue();
  }

  @Test
  void firstPollWaitsForFirstPollDelay() {
    f.fake.script(Fixture.NAME).running(0).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withFirstPollDelay(Duration.ofSeconds(30)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(29))
        .thenAwait(Duration.ofSeconds(1))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(5))
        .expectNextCount(1)
        .verifyComplete();

    assertThat(f.getTimes()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(35));
  }

  @Test
  void maxIntervalCapsEveryDelayIncludingTheFirst() {
    f.fake.script(Fixture.NAME).running(0).running(1).running(2).running(3).doneEmpty();
    OperationPoller poller = f.poller(PollPolicy.defaults().withJitter(0)
        .withInitialInterval(Duration.ofSeconds(10)).withMultiplier(3)
        .withMaxInterval(Duration.ofSeconds(8)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(5))
        .expectNextCount(5)
        .verifyComplete();

    assertThat(f.getTimes()).containsExactly(
        Duration.ZERO, Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(24),
        Duration.ofSeconds(32));
  }

  @Test
  void timeoutEndsTheWatchWithTheLastSnapshotAndDoesNotCancelTheOperation() {
    f.fake.script(Fixture.NAME).running(42);
    OperationPoller poller = f.poller(PollPolicy.fixed(Duration.ofSeconds(10))
        .withTimeout(Duration.ofSeconds(35)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(35))
        .expectNextCount(4)
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("timeout of PT35S").hasMessageContaining(Fixture.NAME);
          PollTimeoutException t = (PollTimeoutException) e;
          assertThat(t.attempts()).isEqualTo(4);
          assertThat(t.elapsed()).isEqualTo(Duration.ofSeconds(35));
          assertThat(t.lastSeen().progressPercent()).hasValue(42);
          assertThat(t.operationName()).isEqualTo(Fixture.NAME);
        })
        .verify();

    assertThat(f.fake.count(dev.lropoller.testing.FakeOperationsTransport.Kind.CANCEL)).isZero();
    assertThat(f.vts.now(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(35);
  }

  @Test
  void timeoutAlsoCutsARequestInFlight() {
    f.fake.script(Fixture.NAME).running(1).hang();
    OperationPoller poller = f.poller(PollPolicy.fixed(Duration.ofSeconds(5))
        .withTimeout(Duration.ofSeconds(20)).withRequestTimeout(Duration.ofMinutes(5)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(20))
        .expectError(PollTimeoutException.class)
        .verify();

    assertThat(f.fake.cancelledInFlight()).isEqualTo(1);
  }

  @Test
  void maxAttemptsEmitsTheLastSnapshotThenFailsWithoutWaiting() {
    f.fake.script(Fixture.NAME).running(5);
    OperationPoller poller = f.poller(Fixture.exact().withMaxAttempts(3));

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(13))
        .expectNextCount(3)
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("all 3 attempts used");
          assertThat(((PollTimeoutException) e).attempts()).isEqualTo(3);
          assertThat(((PollTimeoutException) e).elapsed()).isEqualTo(Duration.ofMillis(12_500));
        })
        .verify();
    assertThat(f.getTimes()).hasSize(3);
  }

  @Test
  void retryAfterLongerThanTheBackoffWins() {
    f.fake.script(Fixture.NAME).running(1)
        .httpError(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}",
            Duration.ofSeconds(60))
        .doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofMinutes(2))
        .expectNextCount(1)
        .verifyComplete();

    // 429 at 5 s; its Retry-After of 60 s beats the 7.5 s backoff.
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofSeconds(65));
  }

  @Test
  void retryInfoInTheErrorBodyAlsoSetsTheFloor() {
    f.fake.script(Fixture.NAME)
        .httpError(503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12.5s\"}]}}", null)
        .doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(1)
        .verifyComplete();

    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofMillis(12_500));
  }

  private static Duration ms(double millis) {
    return Duration.ofNanos((long) (millis * 1_000_000));
  }
}
