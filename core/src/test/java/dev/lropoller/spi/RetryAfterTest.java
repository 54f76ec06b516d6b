package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.model.RpcStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @Test
  void clampIsTheOneBoundForEveryHint() {
    assertThat(RetryAfter.MAX_DELAY).isEqualTo(Duration.ofHours(1));
    assertThat(RetryAfter.clamp(Duration.ofSeconds(-5))).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.clamp(Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.clamp(Duration.ofMinutes(59))).isEqualTo(Duration.ofMinutes(59));
    assertThat(RetryAfter.clamp(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    assertThat(RetryAfter.clamp(Duration.ofHours(1).plusNanos(1))).isEqualTo(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.clamp(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("Wed, 21 Oct 2099 07:28:00 GMT", now)).hasValue(RetryAfter.MAX_DELAY);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"86400s\"`                               | PT1H",
      "`\"3600.000000001s\"`                      | PT1H",
      "`\"99999999999999999999999999s\"`          | PT1H",
      "`{\"seconds\": \"7200\"}`                | PT1H",
      "`{\"seconds\": 315576000000}`             | PT1H",
      "`\"3599s\"`                                | PT59M59S",
      "`\"00000000000000000000000002.5s\"`        | PT2.5S"})
  void retryInfoDelayIsClampedLikeRetryAfter(String json, Duration expected) {
    byte[] body = retryInfo(json);
    assertThat(RpcStatus.fromErrorBody(429, body).retryDelay()).hasValue(expected);
    assertThat(TransportException.http(429, body, null).retryAfter()).hasValue(expected);
  }

  @Test
  void headerGivenToHttpUnparsedIsClampedToo() {
    byte[] noHint = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(TransportException.http(503, noHint, Duration.ofDays(2)).retryAfter())
        .hasValue(RetryAfter.MAX_DELAY);
    assertThat(TransportException.http(503, noHint, Duration.ofSeconds(-3)).retryAfter())
        .hasValue(Duration.ZERO);
    assertThat(TransportException.http(503, retryInfo("\"172800s\""), Duration.ofDays(3))
        .retryAfter()).hasValue(RetryAfter.MAX_DELAY);
    assertThat(TransportException.http(503, retryInfo("\"10s\""), Duration.ofDays(3))
        .retryAfter()).hasValue(RetryAfter.MAX_DELAY);
    assertThat(TransportException.http(503, retryInfo("\"86400s\""), Duration.ofSeconds(2))
        .retryAfter()).hasValue(RetryAfter.MAX_DELAY);
  }

  private static byte[] retryInfo(String delayJson) {
    return ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{"
        + "\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":" + delayJson
        + "}]}}").getBytes(StandardCharsets.UTF_8);
  }
}
