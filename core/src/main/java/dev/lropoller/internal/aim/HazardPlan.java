package dev.lropoller.internal.aim;

/**
 * Where to poll a run that reports no progress, from the durations of earlier runs of its kind:
 * densely at the ages where runs of that age often end (a high hazard), sparsely where they
 * seldom do, spending on average what a fixed interval would. Immutable and pure.
 *
 * <p>The rule: a schedule that polls a run of age {@code t} every {@code d(t)} costs about
 * {@code integral S(t) / d(t)} requests per run ({@code S} the share of runs still running) and
 * a mean lag of about {@code integral f(t) d(t) / 2} ({@code f} the density of ends). For a fixed
 * number of requests the lag is lowest when {@code d(t)} is proportional to
 * {@code 1 / sqrt(h(t))}, {@code h = f / S} the hazard. The constant is chosen so that the
 * expected requests equal those of polling every {@code budgetIntervalMillis} for the mean
 * duration: the requests of the policy's backoff at its maximum interval.
 *
 * <p>The hazard is estimated per bin of a twelfth of the history's 10th-to-90th-percentile span
 * (at least the minimum interval), over three neighbouring bins. Past the longest run of the
 * history there is nothing to aim at: {@link #waitMillis} returns -1 (the caller backs off).
 */
public final class HazardPlan {
  /** The 10th-to-90th-percentile span is cut into this many bins. */
  static final int BINS_PER_SPAN = 12;

  private final long binMillis;
  private final long shortestMillis;
  private final long longestMillis;
  private final double[] hazard;
  /** The wait is {@code scale / sqrt(hazard)}. */
  private final double scale;

  private HazardPlan(long binMillis, long shortestMillis, long longestMillis, double[] hazard,
      double scale) {
    this.binMillis = binMillis;
    this.shortestMillis = shortestMillis;
    this.longestMillis = longestMillis;
    this.hazard = hazard;
    this.scale = scale;
  }

  /**
   * The plan for a history.
   *
   * @param sorted the durations of earlier runs in millis, ascending, at least one, positive
   * @param budgetIntervalMillis the fixed interval whose requests the plan spends, positive
   * @param minMillis the shortest bin, positive
   * @return the plan
   * @throws IllegalArgumentException if {@code sorted} is empty or an interval is not positive
   */
  public static HazardPlan of(long[] sorted, long budgetIntervalMillis, long minMillis) {
    if (sorted.length == 0 || budgetIntervalMillis <= 0 || minMillis <= 0) {
      throw new IllegalArgumentException("need a history and positive intervals, but had "
          + sorted.length + " runs, " + budgetIntervalMillis + " and " + minMillis + " ms");
    }
    int n = sorted.length;
    long span = sorted[(n - 1) * 9 / 10] - sorted[(n - 1) / 10];
    long bin = Math.max(minMillis, span / BINS_PER_SPAN);
    int bins = (int) (sorted[n - 1] / bin) + 1;
    int[] ends = new int[bins];
    double sum = 0;
    for (long d : sorted) {
      ends[(int) (d / bin)]++;
      sum += d;
    }
    double[] hazard = new double[bins];
    double weighted = 0;
    int alive = n;
    for (int j = 0; j < bins; j++) {
      int near = ends[j] + (j > 0 ? ends[j - 1] : 0) + (j + 1 < bins ? ends[j + 1] : 0);
      int aliveBefore = alive + (j > 0 ? ends[j - 1] : 0);
      hazard[j] = near / (3.0 * bin * aliveBefore);
      weighted += Math.sqrt(hazard[j]) * alive / (double) n * bin;
      alive -= ends[j];
    }
    double requests = sum / n / budgetIntervalMillis;
    return new HazardPlan(bin, sorted[0], sorted[n - 1], hazard, weighted / requests);
  }

  /**
   * The wait before the next poll of a run of age {@code ageMillis}: {@code scale / sqrt(h)},
   * with {@code h} the highest hazard between now and the end of the wait, so a wait never
   * jumps over the ages where runs end; younger than every run of the history, when a later
   * bin's hazard sets the wait, at least half the time to that bin; -1 once the run is older than every run of the history,
   * and {@link Long#MAX_VALUE} while no run of the history ends within reach.
   *
   * @param ageMillis the run's age, at least 0
   * @return the wait in millis, or -1
   */
  public long waitMillis(long ageMillis) {
    if (ageMillis >= longestMillis) {
      return -1;
    }
    double highest = 0;
    for (int j = (int) (Math.max(0, ageMillis) / binMillis); j < hazard.length; j++) {
      highest = Math.max(highest, hazard[j]);
      if (highest > 0) {
        double wait = scale / Math.sqrt(highest);
        if (ageMillis + wait <= (j + 1) * binMillis) {
          // Before the history's first end, approach this bin by halves; past it, a bin without
          // ends is a gap in the sample, not in the hazard: the next bin's wait applies.
          long approach = ageMillis >= shortestMillis ? 0
              : (long) ((j * binMillis - ageMillis) * AimRule.APPROACH_SHARE);
          return Math.max(1, Math.max(approach, (long) wait));
        }
      }
    }
    return highest > 0 ? Math.max(1, (long) (scale / Math.sqrt(highest))) : Long.MAX_VALUE;
  }
}
