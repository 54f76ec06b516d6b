package dev.lropoller.internal.aim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndWindowTest {
  @Test
  void theEstimateIsTheMiddleButNeverInThePast() {
    EndWindow w = new EndWindow(1_000, 3_000, true);
    assertThat(w.estimateAt(0)).isEqualTo(2_000);
    assertThat(w.estimateAt(2_500)).isEqualTo(2_500);
    assertThat(w.estimateAt(9_000)).isEqualTo(9_000);
  }

  @Test
  void aLateEndBeforeTheEarlyOneIsRefusedWithBoth() {
    assertThatThrownBy(() -> new EndWindow(5, 4, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lateMillis (4) is before earlyMillis (5)");
  }
}
