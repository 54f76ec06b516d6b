package dev.lropoller.bench.soak;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.Fault;
import java.time.Duration;

/**
 * The soak's faults: the fault matrix's transient classes, each with a share of the total rate.
 * A slow answer outlives the request timeout, so it is cut and retried.
 */
final class FaultMix {
  /**
   * The soak's request timeout: generous, since on a shared machine a saturated emulator in the
   * same JVM may answer late; the slow answer takes twice as long.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private FaultMix() {}

  static void apply(AutoMlEmulator emulator, double rate, long seed) {
    // Rules are tried in order, each with its own probability; shares sum to 1.
    Object[][] mix = {
        {0.20, Fault.status(503)},
        {0.10, Fault.status(500)},
        {0.10, Fault.status(502)},
        {0.10, Fault.status(504)},
        {0.10, Fault.tooManyRequests(Duration.ofMillis(200))},
        {0.15, Fault.connectionReset()},
        {0.10, Fault.truncatedBody()},
        {0.10, Fault.htmlBody()},
        {0.05, Fault.latency(REQUEST_TIMEOUT.multipliedBy(2))},
    };
    emulator.faults().seed(seed);
    double left = 1.0;
    for (Object[] m : mix) {
      double share = (Double) m[0];
      // Conditional probability, so the overall rate of this fault is rate * share.
      double p = rate * share / (1.0 - rate * (1.0 - left));
      emulator.faults().rate(Math.min(1.0, p), (Fault) m[1]);
      left -= share;
    }
  }
}
