package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spi.RetryAfter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server's retry hint, from either place it can come, delays a watch by at most an hour. */
class RetryHintClampTest {
  private static final String DAY_RETRY_INFO = "{\"error\":{\"code\":429,"
      + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{"
      + "\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"86400s\"}]}}";

  private final Fixture f = new Fixture();
  private final OperationPoller poller =
      f.poller(Fixture.exact().withTimeout(Duration.ofHours(6)));

  @Test
  void aDayLongRetryInfoWaitsOneHour() {
    f.fake.script(Fixture.NAME).httpError(429, DAY_RETRY_INFO, null).doneEmpty();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(RetryAfter.MAX_DELAY)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, RetryAfter.MAX_DELAY);
  }

  @Test
  void aDayLongRetryAfterWaitsOneHour() {
    f.fake.script(Fixture.NAME).httpError(503, "{}", Duration.ofDays(1)).doneEmpty();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(RetryAfter.MAX_DELAY)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, RetryAfter.MAX_DELAY);
  }
}
