package dev.lropoller.bench.sim;

import com.google.api.gax.retrying.TimedAttemptSettings;
import com.google.api.gax.retrying.TimedRetryAlgorithm;
import com.google.cloud.automl.v1.AutoMlSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * gax's schedule for AutoML's CreateModel operation, read from gax itself: the polling algorithm
 * of {@code AutoMlSettings.newHttpJsonBuilder().createModelOperationSettings()}, whose delays
 * (jitter included) this class asks of gax's own {@code createNextAttempt}. The first poll is at
 * once, as {@code OperationFuture} polls a resumed operation. A run longer than the algorithm's
 * total timeout is one gax stops watching: its requests are counted up to then and it has no lag.
 */
final class GaxSchedule {
  private final TimedRetryAlgorithm algorithm;

  GaxSchedule() {
    algorithm = AutoMlSettings.newHttpJsonBuilder().createModelOperationSettings()
        .getPollingAlgorithm();
  }

  String label() {
    TimedAttemptSettings first = algorithm.createFirstAttempt();
    var g = first.getGlobalSettings();
    return "gax CreateModel (" + g.getInitialRetryDelayDuration().toMillis() / 1000.0 + " s x"
        + g.getRetryDelayMultiplier() + ", max " + g.getMaxRetryDelayDuration().toMillis() / 1000.0
        + " s, total " + g.getTotalTimeoutDuration().toMinutes() + " min, read from gax)";
  }

  /** gax as configured: it stops watching at its total timeout. */
  ScheduleResult run(Workload w) {
    return run(w, true, label());
  }

  /** The same delays without gax's total timeout: what gax would cost if it watched to the end. */
  ScheduleResult runToTheEnd(Workload w) {
    return run(w, false, "gax CreateModel delays, total timeout lifted");
  }

  private ScheduleResult run(Workload w, boolean stopAtTotalTimeout, String label) {
    long requests = 0;
    List<Long> lags = new ArrayList<>();
    int unseen = 0;
    for (SimRun r : w.runs()) {
      long end = r.duration().toNanos();
      TimedAttemptSettings attempt = algorithm.createFirstAttempt();
      long total = stopAtTotalTimeout
          ? attempt.getGlobalSettings().getTotalTimeoutDuration().toNanos()
          : Long.MAX_VALUE;
      long at = attempt.getRandomizedRetryDelayDuration().toNanos();
      while (true) {
        if (at > total) {
          unseen++;
          break;
        }
        requests++;
        if (at >= end) {
          lags.add(at - end);
          break;
        }
        attempt = algorithm.createNextAttempt(attempt);
        at += attempt.getRandomizedRetryDelayDuration().toNanos();
      }
    }
    long[] lag = lags.stream().mapToLong(Long::longValue).toArray();
    return new ScheduleResult(label, w.runs().size(), requests / (double) w.runs().size(), lag,
        unseen);
  }
}
