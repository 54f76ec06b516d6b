package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Instant now = Instant.parse("2026-10-21T07:28:00Z");

  @Test
  void readsSecondsAndHttpDates() {
    assertThat(RetryAfter.parse("120", now)).hasValue(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 7 ", now)).hasValue(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:28:30 GMT", now)).hasValue(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", now)).hasValue(Duration.ZERO);
  }

  @Test
  void clampsAndIgnoresNonsense() {
    assertThat(RetryAfter.parse("99999999999", now)).hasValue(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("86400", now)).hasValue(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("soon", now)).isEmpty();
    assertThat(RetryAfter.parse("-5", now)).isEmpty();
    assertThat(RetryAfter.parse(null, now)).isEmpty();
    assertThat(RetryAfter.parse("", now)).isEmpty();
  }

  @Test
  void httpErrorsTakeTheLongerOfHeaderAndRetryInfo() {
    byte[] body = ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{"
        + "\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2.5s\"}]}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(TransportException.http(429, body, Duration.ofSeconds(1)).retryAfter())
        .hasValue(Duration.ofMillis(2500));
    assertThat(TransportException.http(429, body, Duration.ofSeconds(4)).retryAfter())
        .hasValue(Duration.ofSeconds(4));
    assertThat(TransportException.http(429, body, null).retryable()).isTrue();
    assertThat(TransportException.http(400, new byte[0], null).retryable()).isFalse();
  }
}
