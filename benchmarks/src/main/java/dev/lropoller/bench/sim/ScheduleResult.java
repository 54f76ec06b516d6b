package dev.lropoller.bench.sim;

import dev.lropoller.bench.support.Percentiles;
import java.time.Duration;

/**
 * What one schedule cost on one workload.
 *
 * @param schedule the schedule's label
 * @param runs runs watched
 * @param requestsPerRun mean GETs per run, until the run's done answer
 * @param lagNanos detection lag of each run that was seen done: the first done answer minus the
 *     run's end
 * @param notSeenDone runs the schedule stopped watching before they ended (gax's total timeout)
 */
record ScheduleResult(String schedule, int runs, double requestsPerRun, long[] lagNanos,
    int notSeenDone) {
  Duration lagAt(double percent) {
    return Duration.ofNanos(Percentiles.of(lagNanos).at(percent));
  }

  Duration meanLag() {
    long sum = 0;
    for (long l : lagNanos) {
      sum += l;
    }
    return lagNanos.length == 0 ? Duration.ZERO : Duration.ofNanos(sum / lagNanos.length);
  }
}
