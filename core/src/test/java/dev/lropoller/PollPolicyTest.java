package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PollPolicyTest {
  private static final PollPolicy D = PollPolicy.defaults();

  @Test
  void defaultsMatchTheDesign() {
    assertThat(D.initialInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(D.multiplier()).isEqualTo(1.5);
    assertThat(D.maxInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(D.jitter()).isEqualTo(0.1);
    assertThat(D.timeout()).isEqualTo(Duration.ofHours(24));
    assertThat(D.maxAttempts()).isEqualTo(PollPolicy.UNLIMITED_ATTEMPTS);
    assertThat(D.firstPollDelay()).isEqualTo(Duration.ZERO);
    assertThat(D.maxConsecutiveFailures()).isEqualTo(8);
    assertThat(D.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("initialInterval", (UnaryOperator<PollPolicy>) p -> p.withInitialInterval(Duration.ofSeconds(1))),
        Arguments.of("multiplier", (UnaryOperator<PollPolicy>) p -> p.withMultiplier(2.0)),
        Arguments.of("maxInterval", (UnaryOperator<PollPolicy>) p -> p.withMaxInterval(Duration.ofMinutes(1))),
        Arguments.of("jitter", (UnaryOperator<PollPolicy>) p -> p.withJitter(0.3)),
        Arguments.of("timeout", (UnaryOperator<PollPolicy>) p -> p.withTimeout(Duration.ofHours(2))),
        Arguments.of("maxAttempts", (UnaryOperator<PollPolicy>) p -> p.withMaxAttempts(10)),
        Arguments.of("firstPollDelay", (UnaryOperator<PollPolicy>) p -> p.withFirstPollDelay(Duration.ofSeconds(3))),
        Arguments.of("maxConsecutiveFailures", (UnaryOperator<PollPolicy>) p -> p.withMaxConsecutiveFailures(2)),
        Arguments.of("requestTimeout", (UnaryOperator<PollPolicy>) p -> p.withRequestTimeout(Duration.ofSeconds(9))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void everyWithReturnsANewInstanceAndLeavesTheOriginalAlone(String field, UnaryOperator<PollPolicy> with) {
    PollPolicy copy = with.apply(D);

    assertThat(copy).isNotSameAs(D).isNotEqualTo(D);
    assertThat(D).isEqualTo(PollPolicy.defaults());
    assertThat(copy.toString()).contains(field + "=");
    assertThat(with.apply(D)).isEqualTo(copy).hasSameHashCodeAs(copy);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of((Runnable) () -> D.withInitialInterval(Duration.ZERO), "initialInterval must be positive, but was PT0S"),
        Arguments.of((Runnable) () -> D.withInitialInterval(Duration.ofSeconds(-1)), "initialInterval must be positive, but was PT-1S"),
        Arguments.of((Runnable) () -> D.withMultiplier(0.5), "multiplier must be a finite number >= 1.0, but was 0.5"),
        Arguments.of((Runnable) () -> D.withMultiplier(Double.NaN), "but was NaN"),
        Arguments.of((Runnable) () -> D.withMultiplier(Double.POSITIVE_INFINITY), "but was Infinity"),
        Arguments.of((Runnable) () -> D.withMaxInterval(Duration.ofMillis(-5)), "maxInterval must be positive, but was PT-0.005S"),
        Arguments.of((Runnable) () -> D.withJitter(1.0), "jitter must be in [0.0, 1.0), but was 1.0"),
        Arguments.of((Runnable) () -> D.withJitter(-0.1), "but was -0.1"),
        Arguments.of((Runnable) () -> D.withTimeout(Duration.ZERO), "timeout must be positive, but was PT0S"),
        Arguments.of((Runnable) () -> D.withMaxAttempts(0), "maxAttempts must be >= 1, but was 0"),
        Arguments.of((Runnable) () -> D.withFirstPollDelay(Duration.ofSeconds(-2)), "firstPollDelay must not be negative, but was PT-2S"),
        Arguments.of((Runnable) () -> D.withMaxConsecutiveFailures(0), "maxConsecutiveFailures must be >= 1, but was 0"),
        Arguments.of((Runnable) () -> D.withRequestTimeout(Duration.ofSeconds(-30)), "requestTimeout must be positive, but was PT-30S"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidValuesAreRejectedQuotingThem(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void nullsNameTheParameter() {
    assertThatThrownBy(() -> D.withTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void fixedHasNoGrowthAndNoJitter() {
    PollPolicy p = PollPolicy.fixed(Duration.ofSeconds(2));
    assertThat(p.nextInterval(null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.nextInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.jittered(Duration.ofSeconds(2), 0.99)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.timeout()).isEqualTo(PollPolicy.DEFAULT_TIMEOUT);
  }

  @Test
  void jitterSpreadsUniformlyAroundTheDelay() {
    assertThat(D.jittered(Duration.ofSeconds(10), 0.0)).isEqualTo(Duration.ofSeconds(9));
    assertThat(D.jittered(Duration.ofSeconds(10), 0.5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(D.jittered(Duration.ofSeconds(10), 0.999999)).isLessThan(Duration.ofSeconds(11));
  }

  @Test
  void toStringIsReadable() {
    assertThat(D.toString()).isEqualTo("PollPolicy{initialInterval=PT5S, multiplier=1.5, "
        + "maxInterval=PT45S, jitter=0.1, timeout=PT24H, maxAttempts=unlimited, "
        + "firstPollDelay=PT0S, maxConsecutiveFailures=8, requestTimeout=PT30S}");
  }
}
