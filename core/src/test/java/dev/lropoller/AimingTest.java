package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.model.Operation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AimingTest {
  @Test
  void aimingIsOffByDefault() {
    assertThat(PollPolicy.defaults().aiming()).isNull();
    assertThat(PollPolicy.defaults().toString()).doesNotContain("aiming");
  }

  @Test
  void theDefaultsAreTwoSecondsToTenMinutesAndTwoHundredRuns() {
    Aiming a = Aiming.defaults();
    assertThat(a.minInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.maxInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(a.historySize()).isEqualTo(200);
    assertThat(a.historySeed("CREATE_MODEL")).isNull();
  }

  @Test
  void aPolicyWithAimingDiffersFromOneWithoutAndSaysSo() {
    PollPolicy aiming = PollPolicy.defaults().withAiming(Aiming.defaults());
    assertThat(aiming).isNotEqualTo(PollPolicy.defaults());
    assertThat(aiming.withAiming(null)).isEqualTo(PollPolicy.defaults());
    assertThat(aiming.withMaxInterval(Duration.ofSeconds(30)).aiming()).isEqualTo(Aiming.defaults());
    assertThat(aiming.toString()).contains("aiming=Aiming{minInterval=PT2S, maxInterval=PT10M");
  }

  @Test
  void seedsAreKeptPerKindAndTakePartInEquality() {
    Aiming a = Aiming.defaults()
        .withHistorySeed("CREATE_MODEL", Duration.ofMinutes(40), Duration.ofMinutes(90));
    assertThat(a.historySeed("CREATE_MODEL"))
        .containsExactly(Duration.ofMinutes(40), Duration.ofMinutes(90));
    assertThat(a).isNotEqualTo(Aiming.defaults()).isEqualTo(Aiming.defaults()
        .withHistorySeed("CREATE_MODEL", Duration.ofMinutes(40), Duration.ofMinutes(90)));
    assertThat(a.hashCode()).isEqualTo(Aiming.defaults()
        .withHistorySeed("CREATE_MODEL", Duration.ofMinutes(40), Duration.ofMinutes(90)).hashCode());
    assertThat(a.toString()).contains("CREATE_MODEL=PT40M..PT1H30M");
  }

  @Test
  void badValuesAreRefusedWithTheValue() {
    Aiming a = Aiming.defaults();
    assertThatThrownBy(() -> a.withMinInterval(Duration.ZERO))
        .hasMessage("minInterval must be positive, but was PT0S");
    assertThatThrownBy(() -> a.withMinInterval(Duration.ofHours(1)))
        .hasMessageContaining("must not be above maxInterval (PT10M), but was PT1H");
    assertThatThrownBy(() -> a.withMaxInterval(Duration.ofSeconds(1)))
        .hasMessageContaining("must not be below minInterval (PT2S), but was PT1S");
    assertThatThrownBy(() -> a.withHistorySize(0))
        .hasMessage("historySize must be between 1 and 10000, but was 0");
    assertThatThrownBy(() -> a.withHistorySeed(" ", Duration.ofMinutes(1), Duration.ofMinutes(2)))
        .hasMessage("kind must not be blank, but was ' '");
    assertThatThrownBy(() -> a.withHistorySeed("K", Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .hasMessage("longest (PT1M) must not be below shortest (PT2M) for kind K");
  }

  @Test
  void theKindOfAnAutoMlOperationIsItsDetailsKindElseItsMetadataType() {
    Operation model = Operation.parse("{\"name\":\"projects/p/locations/l/operations/1\","
        + "\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\","
        + "\"createModelDetails\":{}}}");
    Operation other = Operation.parse("{\"name\":\"projects/p/locations/l/operations/2\","
        + "\"metadata\":{\"@type\":\"type.googleapis.com/x.Meta\"}}");
    Operation bare = Operation.parse("{\"name\":\"projects/p/locations/l/operations/3\"}");
    assertThat(Aiming.kindOf(model)).isEqualTo("CREATE_MODEL");
    assertThat(Aiming.kindOf(other)).isEqualTo("x.Meta");
    assertThat(Aiming.kindOf(bare)).isEqualTo("UNKNOWN");
  }
}
