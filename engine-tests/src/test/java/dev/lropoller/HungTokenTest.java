package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Issue 7, item 1: waiting for a token counts against the request timeout and the budget. */
class HungTokenTest {
  private final Fixture f = new Fixture();
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();

  /** A token source whose refresh accepted the call and never answers. */
  private final AccessTokenSource hung = new AccessTokenSource() {
    @Override
    public Mono<AccessToken> token() {
      return Mono.<AccessToken>never()
          .doOnSubscribe(s -> asked.incrementAndGet())
          .doOnCancel(cancelled::incrementAndGet);
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  };

  @Test
  void aWatchEndsByItsTimeoutWhenTheTokenNeverArrives() {
    f.fake.script(Fixture.NAME).doneWithModel("m");
    OperationPoller poller = f.poller(Fixture.exact()
        .withTimeout(Duration.ofSeconds(2)).withRequestTimeout(Duration.ofSeconds(1)), hung);

    f.verify(() -> poller.model(Fixture.NAME))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1_999))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("timeout of PT2S reached");
          assertThat(e.getSuppressed()).isEmpty();
          assertThat(e.getCause()).hasMessageContaining("no access token within PT1S")
              .hasMessageContaining(Fixture.NAME);
        })
        .verify(Duration.ofSeconds(10));
    assertThat(f.fake.count(Kind.GET)).isZero();
    assertThat(asked.get()).isEqualTo(1);
    assertThat(cancelled.get()).isEqualTo(1);
  }

  @Test
  void eachAttemptWaitsAtMostTheRequestTimeoutAndAskesAgain() {
    f.fake.script(Fixture.NAME).doneWithModel("m");
    OperationPoller poller = f.poller(Fixture.exact().withRequestTimeout(Duration.ofSeconds(1))
        .withMaxConsecutiveFailures(3), hung);

    // 0 s: wait 1 s; retry at 1 + 5 = 6 s, wait 1 s; retry at 7 + 7.5 = 14.5 s, cut at 15.5 s.
    f.verify(() -> poller.get(Fixture.NAME))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(15_499))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .hasMessageContaining("3 consecutive transient failures")
            .hasMessageContaining("no access token within PT1S"))
        .verify(Duration.ofSeconds(10));
    assertThat(asked.get()).isEqualTo(3);
    assertThat(cancelled.get()).isEqualTo(3);
    assertThat(f.fake.count(Kind.GET)).isZero();
  }
}
