package dev.lropoller.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding 60 s window that decides the budget row's "most requests in any minute". */
class EmulatorProcessTest {

  @Test
  void mostInAnyWindowCountsTheDensestStretchOnly() {
    long s = 1_000_000L;
    List<Long> times = List.of(0L, 10 * s, 59 * s, 60 * s, 61 * s, 62 * s, 200 * s);
    // [10 s, 62 s] holds five; a window from 0 must stop before 60 s
    assertThat(EmulatorProcess.maxInWindow(times, 60 * s)).isEqualTo(5);
    assertThat(EmulatorProcess.maxInWindow(List.of(), 60 * s)).isZero();
    assertThat(EmulatorProcess.maxInWindow(List.of(5L, 5L, 5L), 1)).isEqualTo(3);
  }
}
