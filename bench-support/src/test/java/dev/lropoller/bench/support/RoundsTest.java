package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {

  @Test
  void eachRoundStartsOneContenderLater() {
    List<String> ids = List.of("lro-h2", "lro-h1", "raw");
    assertThat(Rounds.rotate(ids, 0)).containsExactly("lro-h2", "lro-h1", "raw");
    assertThat(Rounds.rotate(ids, 1)).containsExactly("lro-h1", "raw", "lro-h2");
    assertThat(Rounds.rotate(ids, 3)).containsExactly("lro-h2", "lro-h1", "raw");
  }

  @Test
  void aMedianOfAnEvenCountAveragesTheMiddlePair() {
    assertThat(Rounds.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Rounds.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(Rounds.median(List.of())).isNaN();
  }
}
