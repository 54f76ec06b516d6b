package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration grammar: every form the demo and the three runs accepted before. */
class DurationsTest {

  @Test
  void readsEveryUnitWithDecimalsAndIso8601() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(Durations.parse("2.5s")).isEqualTo(Duration.ofMillis(2500));
    assertThat(Durations.parse("300s")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse(" 100MS ")).isEqualTo(Duration.ofMillis(100));
    assertThat(Durations.parse("0.0000000015s")).isEqualTo(Duration.ofNanos(2));
    assertThat(Durations.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void rejectsOtherTextQuotingIt() {
    assertThatThrownBy(() -> Durations.parse("5x")).hasMessageContaining("\"5x\"");
    assertThatThrownBy(() -> Durations.parse("1")).hasMessageContaining("\"1\"");
    assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("\"-1s\"");
    assertThatThrownBy(() -> Durations.parse("PT-1S")).hasMessage("negative duration: \"PT-1S\"");
    assertThatThrownBy(() -> Durations.parse("99999999999999h")).hasMessageContaining("too long");
  }

  @Test
  void formatsForPeople() {
    assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(Durations.format(Duration.ofMillis(2340))).isEqualTo("2.3s");
    assertThat(Durations.format(Duration.ofSeconds(65))).isEqualTo("1m05s");
  }
}
