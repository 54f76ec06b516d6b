package dev.lropoller.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The soak at toy scale, with a fault rate high enough that every fault class shows up. */
class SoakRunTest {

  @Test
  @Timeout(120)
  void nothingLostNothingTwiceNoConnectionLeftAfterClose() {
    SoakRun.Config config = new SoakRun.Config(200, 5, 100, Duration.ofMillis(20), 0.2,
        Duration.ofMillis(500), Duration.ZERO, 3);

    SoakRun.Result r = SoakRun.run(config);

    assertThat(r.errors()).as("errors, first %s", r.firstError()).isZero();
    assertThat(r.emulatorDone()).isEqualTo(200);
    assertThat(r.delivered()).isEqualTo(200);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    // A truncated or cut answer counts as a poll at the emulator but is retried by the poller.
    assertThat(r.polls()).isGreaterThanOrEqualTo(200L * 5);
    assertThat(r.faults()).as("faults met").isGreaterThan(50);
    assertThat(r.openBeforeClose()).as("the pool keeps idle connections until close()").isPositive();
    assertThat(r.openAfterClose()).isZero();
    assertThat(r.heapSamples()).isNotEmpty();
    assertThat(SoakRun.report(r)).contains("| lost (done, never delivered) | 0 |");
  }

  @Test
  void theHeapTrendIsALeastSquaresSlopeInMbPerMinute() {
    double[] fit = HeapSampler.fit(java.util.List.of(new double[] {0, 10}, new double[] {60, 13},
        new double[] {120, 16}), 0);
    assertThat(fit[0]).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(fit[1]).isEqualTo(10);
    assertThat(fit[2]).isEqualTo(16);
  }
}
