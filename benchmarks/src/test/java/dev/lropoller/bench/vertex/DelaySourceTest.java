package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelaySourceTest {
  @Test
  void aFixedSourceSleepsTheSameEveryTime() {
    DelaySource d = DelaySource.fixed(Duration.ofSeconds(5)).get();
    assertThat(new long[] {d.nextNanos(), d.nextNanos(), d.nextNanos()})
        .containsOnly(5_000_000_000L);
  }

  @Test
  void gaxDelaysStayUnderItsGrowingCapAndPassTheTotalTimeout() {
    DelaySource d = DelaySource.gax(VertexLagRun.gaxPolling()).get();
    double cap = 5.0;
    double sum = 0;
    for (int i = 0; i < 40; i++) {
      long nanos = d.nextNanos();
      assertThat(nanos).as("delay %d", i).isBetween(0L, (long) (cap * 1e9));
      sum += nanos / 1e9;
      cap = Math.min(cap * 1.5, 45.0);
    }
    // Forty delays of up to 45 s each: far past gax's 5-minute total, which the loop does not apply.
    assertThat(sum).isGreaterThan(300);
    // Two fresh sources are separate sequences: each starts again from the 5 s cap.
    assertThat(DelaySource.gax(VertexLagRun.gaxPolling()).get().nextNanos()).isLessThanOrEqualTo(5_000_000_000L);
  }
}
