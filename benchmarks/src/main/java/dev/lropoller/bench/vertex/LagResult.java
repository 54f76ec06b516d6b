package dev.lropoller.bench.vertex;

import java.util.Locale;

/**
 * One contender's row of the lag run.
 *
 * @param label who polled, on which schedule
 * @param runs runs watched
 * @param asScripted runs seen in their scripted end state
 * @param mismatches runs seen in another end state
 * @param errors watches that ended in an error
 * @param firstError the first error, or null
 * @param unseen runs neither seen ended nor failed within the virtual limit
 * @param requestsPerRun the emulator's GETs per pipeline, mean
 * @param lagP50Seconds detection lag, median
 * @param lagP99Seconds detection lag, 99th percentile
 * @param lagMeanSeconds detection lag, mean
 * @param lagMaxSeconds detection lag, largest
 * @param realSeconds real time the contender's run took
 */
record LagResult(String label, int runs, int asScripted, int mismatches, int errors,
    String firstError, int unseen, double requestsPerRun, double lagP50Seconds,
    double lagP99Seconds, double lagMeanSeconds, double lagMaxSeconds, double realSeconds) {

  /** The table's header, two lines. */
  static String header() {
    return "| contender | runs | ended as scripted | mismatches | errors | not seen | requests per run"
        + " | lag p50 s | lag p99 s | mean lag s | max lag s | real s |\n"
        + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
  }

  /** One table row. */
  String row() {
    return String.format(Locale.ROOT,
        "| %s | %,d | %,d | %,d | %,d%s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |",
        label, runs, asScripted, mismatches, errors,
        firstError == null ? "" : " (" + firstError.replace('|', '/') + ")", unseen, requestsPerRun,
        lagP50Seconds, lagP99Seconds, lagMeanSeconds, lagMaxSeconds, realSeconds);
  }
}
