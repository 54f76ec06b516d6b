package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A {@link PollTimeoutException} says why: the retried failure before it is its cause. */
class TimeoutCauseTest {
  private static final String SECRET = "ya29.lean-test-secret-token-0123456789";

  private final Fixture f = new Fixture();

  /** Always the same bearer token, which must never show in an error. */
  private final AccessTokenSource secret = new AccessTokenSource() {
    @Override
    public Mono<AccessToken> token() {
      return Mono.just(AccessToken.of(SECRET, Instant.parse("2100-01-01T00:00:00Z")));
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  };

  /** Every message, toString and suppressed error along the cause chain. */
  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n').append(t.getMessage()).append('\n');
      for (Throwable s : t.getSuppressed()) {
        text.append(s).append('\n');
      }
    }
    return text.toString();
  }

  @Test
  void aTimeoutDuringRetriesCarriesTheLastFailureAsItsCause() {
    f.fake.script(Fixture.NAME).running(10).httpError(503).httpError(503).httpError(503)
        .httpError(503).httpError(503).httpError(503);
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofSeconds(20))
        .withMaxConsecutiveFailures(100), secret);

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(20))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("timeout of PT20S reached");
          assertThat(e.getCause()).isInstanceOf(TransportException.class)
              .hasMessageContaining("503");
          assertThat(e.getSuppressed()).isEmpty();
          assertThat(chain(e)).doesNotContain(SECRET);
        })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aSpentAttemptBudgetAfterARejectedTokenNamesThe401WithoutTheToken() {
    f.fake.rejectToken(SECRET);
    f.fake.script(Fixture.NAME).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withMaxAttempts(1), secret);

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("all 1 attempts used");
          assertThat(e.getCause()).hasMessageContaining("401");
          assertThat(chain(e)).doesNotContain(SECRET);
        })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aTimeoutWithoutAFailureBeforeItHasNoCause() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofSeconds(20)), secret);

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(20))
        .expectNextCount(2) // polls at 5 and 12.5 s; the next would be at 23.75 s
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class);
          assertThat(e.getCause()).isNull();
        })
        .verify(Duration.ofSeconds(10));
  }
}
