package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link Budget#saturatedNanos}: every delay, timeout and wait of the engine goes through it, so
 * a duration too long for a {@code long} of nanoseconds (a user's "forever", about 292 years and
 * more) must become the longest wait rather than an overflow into the past.
 */
class SaturatedNanosTest {
  @Test
  void aDurationThatFitsIsItsNanoseconds() {
    assertThat(Budget.saturatedNanos(Duration.ofSeconds(5))).isEqualTo(5_000_000_000L);
    assertThat(Budget.saturatedNanos(Duration.ZERO)).isZero();
  }

  @Test
  void aDurationTooLongForNanosecondsIsTheLongestWait() {
    assertThat(Budget.saturatedNanos(Duration.ofDays(365L * 1000))).isEqualTo(Long.MAX_VALUE);
    assertThat(Budget.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }
}
