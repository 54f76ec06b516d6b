package dev.lropoller.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The bound finds the schedules whose optimum is known. */
class HazardBoundTest {
  @Test
  void runsThatAllEndAtOneInstantArePolledThenForTwoRequestsAndNoLag() {
    DoubleUnaryOperator at100s = t -> t >= 100_000 ? 1 : 0;
    HazardBound.Result r = new HazardBound(at100s, new long[] {100_000, 100_000}, 1_000, 200_000)
        .atRequests(2);
    assertThat(r.requestsPerRun()).isEqualTo(2.0);
    assertThat(r.lagMillis()).containsExactly(0L, 0L);
  }

  @Test
  void endsAtAConstantHazardArePolledEvenly() {
    // Exponential ends (mean 1,000 s) are memoryless: the best schedule polls evenly. Every d
    // seconds costs r = 1 + 1 / (1 - e^(-d/1000)) requests for a mean lag of
    // d / (1 - e^(-d/1000)) - 1000 s: every 100 s, 11.508 requests and 50.8 s.
    DoubleUnaryOperator exponential = t -> 1 - Math.exp(-t / 1_000_000);
    long[] sample = new long[1000];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = Math.round(-1_000_000 * Math.log(1 - (i + 0.5) / sample.length));
    }
    HazardBound.Result r = new HazardBound(exponential, sample, 1_000, 500_000)
        .atRequests(11.508);
    // The bisection stops at the highest optimum not above the target: the even schedule for
    // those requests.
    assertThat(r.expectedRequests()).isBetween(11.3, 11.508);
    double q = 1 / (r.expectedRequests() - 1);
    double d = -1000 * Math.log(1 - q);
    assertThat(r.expectedLagMillis() / 1000).isCloseTo(d / q - 1000, within(0.5));
    assertThat(r.expectedLagMillis()).isBetween(50_000.0, 52_000.0);
  }

  @Test
  void theLognormalIsReadThroughAnAccurateErrorFunction() {
    assertThat(HazardBound.erf(0.5)).isCloseTo(0.5204999, within(1e-6));
    assertThat(HazardBound.erf(-1.0)).isCloseTo(-0.8427008, within(1e-6));
    assertThat(HazardBound.lognormal(3_600_000, 0.5).applyAsDouble(3_600_000))
        .isCloseTo(0.5, within(1e-6));
  }
}
