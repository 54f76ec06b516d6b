package dev.lropoller.bench.sim;

import java.time.Duration;

/**
 * One scripted run: an operation that reports progress while it runs and ends {@code duration}
 * after it started.
 *
 * @param name its operation name; each run has a project of its own, so that a per-project
 *     budget never binds and only the schedule is measured
 * @param duration how long it runs
 * @param curve how its reported progress rises
 */
record SimRun(String name, Duration duration, ProgressCurve curve) {
  /**
   * The progress it reports {@code elapsed} after it started, 0 to 99 while it runs, or -1 when
   * its curve reports none.
   */
  int progressAt(Duration elapsed) {
    double f = Math.min(1.0, elapsed.toNanos() / (double) duration.toNanos());
    double reported = curve.fractionAt(f);
    if (Double.isNaN(reported)) {
      return -1;
    }
    return Math.min(99, (int) Math.floor(100 * reported));
  }
}
