package dev.lropoller.demo;

import java.time.Duration;
import java.util.Arrays;

/** Nearest-rank percentiles of a set of durations. */
final class Percentiles {
  private final long[] sortedNanos;

  Percentiles(long[] nanos) {
    this.sortedNanos = nanos.clone();
    Arrays.sort(sortedNanos);
  }

  /** The {@code p}-th percentile (0 < p <= 100), or zero for an empty set. */
  Duration at(double p) {
    if (sortedNanos.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return Duration.ofNanos(sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)]);
  }

  int count() {
    return sortedNanos.length;
  }
}
