package dev.lropoller.bench.sim;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The best any schedule without information about a run can do: the poll times (the same for
 * every run, as for any schedule that knows only a run's age) that give the lowest expected
 * detection lag for a distribution of durations at a given expected number of requests, found
 * by dynamic programming over poll times on a grid (the first poll at 0, as the engine's). It
 * knows the distribution exactly, so no schedule that learns it from a history of runs can
 * expect to beat it: the hazard bound, computed instead of argued. The schedule is then replayed
 * on a sample of runs, which gives the figures a simulated row can be set against.
 *
 * <p>For a price {@code lambda} per request the optimum minimises {@code E[lag] + lambda *
 * E[requests]}; a bisection on {@code lambda} finds the schedule whose expected requests per run
 * are the highest not above the target.
 */
final class HazardBound {
  /** The bound's schedule replayed on the sample: its requests per run and each run's lag. */
  record Result(double requestsPerRun, long[] lagMillis, int polls, double expectedRequests,
      double expectedLagMillis) {}

  private final long[] sample;
  private final long gridMillis;
  private final int maxGapSteps;
  private final int steps;
  /** The probability of an end by grid step k, and the expected duration times it, prefixed. */
  private final double[] endedBy;
  private final double[] sumBy;

  /**
   * @param cdf the distribution of durations: the probability of an end by {@code t} millis
   * @param sampleMillis the runs to replay the schedule on, positive
   * @param gridMillis the spacing of possible poll times
   * @param maxGapMillis the longest gap between two polls tried
   */
  HazardBound(DoubleUnaryOperator cdf, long[] sampleMillis, long gridMillis, long maxGapMillis) {
    this.sample = sampleMillis.clone();
    Arrays.sort(sample);
    this.gridMillis = gridMillis;
    this.maxGapSteps = (int) Math.max(1, maxGapMillis / gridMillis);
    long horizon = sample[sample.length - 1];
    while (cdf.applyAsDouble(horizon) < 1 - 1e-7) {
      horizon += horizon / 4;
    }
    this.steps = (int) ((horizon + gridMillis - 1) / gridMillis);
    endedBy = new double[steps + 1];
    sumBy = new double[steps + 1];
    for (int k = 1; k <= steps; k++) {
      double mass = cdf.applyAsDouble(k * (double) gridMillis) - cdf.applyAsDouble((k - 1.0) * gridMillis);
      endedBy[k] = endedBy[k - 1] + mass;
      sumBy[k] = sumBy[k - 1] + mass * (k - 0.5) * gridMillis;
    }
  }

  /** The lognormal distribution with {@code medianMillis} and {@code sigma}. */
  static DoubleUnaryOperator lognormal(double medianMillis, double sigma) {
    return t -> t <= 0 ? 0 : 0.5 * (1 + erf(Math.log(t / medianMillis) / (sigma * Math.sqrt(2))));
  }

  /** The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
  static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
        + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  /** The best schedule with at most {@code requestsPerRun} expected requests per run. */
  Result atRequests(double requestsPerRun) {
    double lo = 1e-3;
    double hi = 1e9;
    Result best = null;
    for (int i = 0; i < 80 && hi / lo > 1.0001; i++) {
      double lambda = Math.sqrt(lo * hi);
      Result r = atPrice(lambda);
      if (r.expectedRequests() <= requestsPerRun) {
        best = r;
        hi = lambda;
      } else {
        lo = lambda;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no schedule has at most " + requestsPerRun
          + " requests per run on this distribution");
    }
    return best;
  }

  /** The schedule minimising {@code E[lag] + lambda * E[requests]}. */
  Result atPrice(double lambda) {
    double[] cost = new double[steps + 1];
    int[] next = new int[steps + 1];
    for (int i = steps; i >= 0; i--) {
      double alive = 1 - endedBy[i];
      if (i == steps || alive < 1e-9) {
        next[i] = -1;
        continue;
      }
      double bestCost = Double.MAX_VALUE;
      int bestJ = -1;
      for (int j = i + 1; j <= Math.min(steps, i + maxGapSteps); j++) {
        double lag = (double) j * gridMillis * (endedBy[j] - endedBy[i]) - (sumBy[j] - sumBy[i]);
        double c = lag + lambda * alive + cost[j];
        if (c < bestCost) {
          bestCost = c;
          bestJ = j;
        }
      }
      cost[i] = bestCost;
      next[i] = bestJ;
    }
    return replay(next);
  }

  /** The expected figures of the schedule {@code next}, and each sampled run's on it. */
  private Result replay(int[] next) {
    double expectedRequests = 1;
    double expectedLag = 0;
    int polls = 1;
    for (int k = 0; next[k] >= 0; k = next[k]) {
      int j = next[k];
      polls++;
      expectedRequests += 1 - endedBy[k];
      expectedLag += (double) j * gridMillis * (endedBy[j] - endedBy[k]) - (sumBy[j] - sumBy[k]);
    }
    long[] lags = new long[sample.length];
    long requests = sample.length;
    long alive = sample.length;
    int r = 0;
    for (int k = 0; next[k] >= 0 && r < sample.length; ) {
      k = next[k];
      long t = k * gridMillis;
      requests += alive;
      while (r < sample.length && sample[r] <= t) {
        lags[r] = t - sample[r];
        r++;
        alive--;
      }
    }
    if (r < sample.length) {
      throw new IllegalStateException("the schedule ends before " + (sample.length - r)
          + " sampled runs do; longest sampled run " + sample[sample.length - 1] + " ms");
    }
    return new Result(requests / (double) sample.length, lags, polls, expectedRequests,
        expectedLag);
  }
}
