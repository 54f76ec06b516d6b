package dev.lropoller.bench.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs in rounds. The contender measured first in a JVM pays for JIT compilation that the later
 * ones reuse (the load run saw one contender at 150 µs/poll first and 92 µs/poll last; over TLS
 * at 100,000 operations, lro-h1 132 µs/poll first and 83 last), so each round starts one
 * contender later and the summary takes each contender's median.
 */
public final class Rounds {
  private Rounds() {}

  /**
   * The run order of a round.
   *
   * @param contenders the order of round 0
   * @param round the round, from 0
   * @param <T> the contender type
   * @return the order rotated left by {@code round}
   */
  public static <T> List<T> rotate(List<T> contenders, int round) {
    List<T> order = new ArrayList<>(contenders.size());
    for (int i = 0; i < contenders.size(); i++) {
      order.add(contenders.get((i + round) % contenders.size()));
    }
    return order;
  }

  /**
   * The median of some values: the middle one, or the mean of the middle two.
   *
   * @param values the values, in any order
   * @return the median, or NaN for none
   */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
