package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Nearest rank: the p-th percentile of n values is the ceil(p/100 n)-th smallest. */
class PercentilesTest {

  @Test
  void nearestRankOfUnsortedValues() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i;
    }
    Percentiles p = Percentiles.of(values);
    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(99)).isEqualTo(99);
    assertThat(p.at(99.5)).isEqualTo(100);
    assertThat(p.at(100)).isEqualTo(100).isEqualTo(p.max());
    assertThat(p.at(0.1)).isEqualTo(1);
    assertThat(p.count()).isEqualTo(100);
    assertThat(values[0]).as("the input is copied, not sorted in place").isEqualTo(100);
  }

  @Test
  void fewValuesRoundTheRankUp() {
    Percentiles p = Percentiles.of(new long[] {30, 10, 20});
    assertThat(p.at(50)).isEqualTo(20);
    assertThat(p.at(34)).isEqualTo(20);
    assertThat(p.at(33)).isEqualTo(10);
    assertThat(p.at(99)).isEqualTo(30);
  }

  @Test
  void anEmptySetIsZeroAndAPercentOutsideTheRangeIsRefused() {
    assertThat(Percentiles.of(new long[0]).at(99)).isZero();
    assertThat(Percentiles.of(new long[0]).max()).isZero();
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}).at(0)).hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}).at(101)).hasMessageContaining("got 101.0");
  }
}
