package dev.lropoller.bench.support;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of values in any unit (the runs use nanoseconds or
 * microseconds of detection lag): the {@code p}-th percentile of {@code n} values is the
 * {@code ceil(p / 100 * n)}-th smallest.
 */
public final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  /**
   * The percentiles of some values.
   *
   * @param values the values, in any order; copied
   * @return their percentiles
   */
  public static Percentiles of(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  /**
   * The {@code percent}-th percentile by nearest rank.
   *
   * @param percent above 0, at most 100 (100 is the largest value)
   * @return the value, or 0 for an empty set
   * @throws IllegalArgumentException if {@code percent} is outside (0, 100]
   */
  public long at(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent * sorted.length / 100.0);
    return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
  }

  /**
   * The largest value.
   *
   * @return it, or 0 for an empty set
   */
  public long max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  /**
   * How many values there are.
   *
   * @return the count
   */
  public int count() {
    return sorted.length;
  }
}
