package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.testing.FakeOperationsTransport.Script;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransientFailureTest {
  private final Fixture f = new Fixture();

  static Stream<Arguments> transientFailures() {
    return Stream.of(
        Arguments.of("429", (Consumer<Script>) s -> s.httpError(429)),
        Arguments.of("500", (Consumer<Script>) s -> s.httpError(500)),
        Arguments.of("502", (Consumer<Script>) s -> s.httpError(502)),
        Arguments.of("503", (Consumer<Script>) s -> s.httpError(503)),
        Arguments.of("504", (Consumer<Script>) s -> s.httpError(504)),
        Arguments.of("HTML 502", (Consumer<Script>) s -> s.httpError(502, "<html>bad gateway</html>", null)),
        Arguments.of("reset", (Consumer<Script>) Script::reset),
        Arguments.of("request timeout", (Consumer<Script>) Script::hang),
        Arguments.of("malformed 200", (Consumer<Script>) Script::malformed));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientFailures")
  void isRetriedNeverEmittedAndTheResultStillArrives(String label, Consumer<Script> failure) {
    Script script = f.fake.script(Fixture.NAME).running(10);
    failure.accept(script);
    failure.accept(script);
    script.doneWithModel("flowers");
    OperationPoller poller = f.poller(Fixture.exact().withRequestTimeout(Duration.ofSeconds(30)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .assertNext(op -> assertThat(op.done()).isFalse())
        .thenAwait(Duration.ofMinutes(10))
        .assertNext(op -> assertThat(op.done()).isTrue())
        .verifyComplete();
    assertThat(f.getTimes()).hasSize(4);
  }

  @Test
  void hungRequestsTimeOutOnTheSchedulerClock() {
    f.fake.script(Fixture.NAME).hang().doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withRequestTimeout(Duration.ofSeconds(3)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(3))
        .expectNoEvent(Duration.ofMillis(4_999))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(1)
        .verifyComplete();
    // The hung GET at 0 s is cut at 3 s; the retry waits the first backoff delay, 5 s.
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(8));
    assertThat(f.fake.cancelledInFlight()).isEqualTo(1);
  }

  @Test
  void tooManyFailuresInARowEndTheWatchNamingTheCountAndTheLastCause() {
    f.fake.script(Fixture.NAME).running(1).httpError(503).httpError(502).reset();
    OperationPoller poller = f.poller(Fixture.exact().withMaxConsecutiveFailures(3));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofMinutes(5))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .hasMessageContaining("3 consecutive transient failures")
            .hasMessageContaining(Fixture.NAME)
            .hasMessageContaining("connection reset by peer")
            .satisfies(x -> assertThat(((RetriesExhaustedException) x).failures()).isEqualTo(3)))
        .verify();
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    f.fake.script(Fixture.NAME).httpError(503).httpError(503).running(1).httpError(503)
        .httpError(503).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withMaxConsecutiveFailures(3));

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(10))
        .expectNextCount(2)
        .verifyComplete();
  }

  @Test
  void getRetriesTransientFailuresToo() {
    f.fake.script(Fixture.NAME).httpError(500).running(7);
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.get(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(op -> assertThat(op.progressPercent()).hasValue(7))
        .verifyComplete();
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(5));
  }
}
