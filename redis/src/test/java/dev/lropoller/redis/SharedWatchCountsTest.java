package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The counts record on its own; {@code SharedWatchBatchTest} reads it from live watches. */
class SharedWatchCountsTest {

  @Test
  void theTotalAddsEveryMode() {
    SharedWatchCounts counts = new SharedWatchCounts(1, 2, 3, 4);

    assertThat(counts.total()).isEqualTo(10);
    assertThat(new SharedWatchCounts(0, 0, 0, 0).total()).isZero();
  }

  @Test
  void aNegativeCountIsRejectedQuotingTheCounts() {
    assertThatThrownBy(() -> new SharedWatchCounts(0, 1, -2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("follower=-2").hasMessageContaining("owner=1");
  }
}
