package dev.lropoller.internal.aim;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The durations of finished runs one poller has seen, per kind and project and per kind over all
 * projects, in memory. Bounded: each key keeps its latest {@code size} durations, and at most
 * {@link #MAX_KEYS} keys are kept (the least recently used goes first). Thread-safe.
 *
 * <p>A key's history is <i>shown wrong</i> when more than {@link #MAX_SURPRISES} of the latest
 * {@link #RECENT} runs recorded for it ended before the shortest of its durations older than
 * those (on a right history of 200 runs, about 1 in 200 does): then it gives no range and no plan, and
 * the watches back off, until the runs that replace its old durations make it right again. Only
 * early ends count: a history that is too short costs requests, which the plan's spending cap
 * bounds, and runs that start together end in order of length, so the long ones end last.
 */
public final class RunHistory {
  /** The most keys (kind, or kind and project) kept. */
  public static final int MAX_KEYS = 1024;
  /** Fewer durations than this for a key give no window. */
  public static final int MIN_RUNS = 5;
  /** Fewer durations than this for a key give no {@link HazardPlan}. */
  public static final int MIN_PLAN_RUNS = 50;
  /** How many of the latest ends are checked against the history. */
  static final int RECENT = 20;
  /** More surprises than this among the {@link #RECENT} latest ends show the history wrong. */
  static final int MAX_SURPRISES = 8;

  private final Map<String, Ring> rings = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Ring> eldest) {
      return size() > MAX_KEYS;
    }
  };

  /**
   * Records a finished run.
   *
   * @param kind its kind key
   * @param project its project
   * @param durationMillis from its creation to its end; ignored unless positive
   * @param size how many durations to keep per key, at least 1
   */
  public synchronized void record(String kind, String project, long durationMillis, int size) {
    if (durationMillis <= 0) {
      return;
    }
    rings.computeIfAbsent(kind + "|" + project, k -> new Ring()).add(durationMillis, size);
    rings.computeIfAbsent(kind + "|", k -> new Ring()).add(durationMillis, size);
  }

  /**
   * The 10th and 90th percentile durations for the kind in the project, or over every project
   * when the project has fewer than {@link #MIN_RUNS}; {@code null} when both have fewer, or
   * the history is shown wrong.
   *
   * @param kind the kind key
   * @param project the project
   * @return {@code {p10, p90}} in millis, or {@code null}
   */
  public synchronized long[] range(String kind, String project) {
    Ring r = pick(kind, project, MIN_RUNS);
    return r == null ? null : r.range();
  }

  /**
   * The {@link HazardPlan} of the kind in the project, or over every project when the project
   * has fewer than {@link #MIN_PLAN_RUNS}; {@code null} when both have fewer, or the history
   * is shown wrong. Kept until the key records another run.
   *
   * @param kind the kind key
   * @param project the project
   * @param budgetIntervalMillis the fixed interval whose requests the plan spends
   * @param minMillis the shortest bin of the plan
   * @return the plan, or {@code null}
   */
  public synchronized HazardPlan plan(String kind, String project, long budgetIntervalMillis,
      long minMillis) {
    Ring r = pick(kind, project, MIN_PLAN_RUNS);
    return r == null ? null : r.plan(budgetIntervalMillis, minMillis);
  }

  /** The project's ring when it has {@code min} runs, else the kind's; null if neither or wrong. */
  private Ring pick(String kind, String project, int min) {
    Ring r = rings.get(kind + "|" + project);
    if (r == null || r.count < min) {
      r = rings.get(kind + "|");
    }
    return r == null || r.count < min || r.surprises > MAX_SURPRISES ? null : r;
  }

  /** How many keys are kept; for tests of the bound. */
  public synchronized int keys() {
    return rings.size();
  }

  /** The latest durations of one key, oldest first, and how its latest ends fitted it. */
  private static final class Ring {
    final ArrayDeque<Long> values = new ArrayDeque<>();
    int count;
    /** Whether each of the latest {@link #RECENT} ends fell before the older durations held. */
    final boolean[] recent = new boolean[RECENT];
    int nextRecent;
    int surprises;
    HazardPlan plan;
    long planBudget;
    long planMin;

    void add(long v, int size) {
      if (count - RECENT >= MIN_RUNS) {
        // Against the durations before the latest ends: a batch of runs started together ends
        // shortest first, and each would otherwise be compared with the one before it.
        boolean surprise = v < values.stream().limit(count - RECENT).mapToLong(Long::longValue)
            .min().orElse(0);
        surprises += (surprise ? 1 : 0) - (recent[nextRecent] ? 1 : 0);
        recent[nextRecent] = surprise;
        nextRecent = (nextRecent + 1) % RECENT;
      }
      values.addLast(v);
      while (values.size() > size) {
        values.removeFirst();
      }
      count = values.size();
      plan = null;
    }

    long[] sorted() {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    long[] range() {
      long[] sorted = sorted();
      return new long[] {sorted[(count - 1) / 10], sorted[(count - 1) * 9 / 10]};
    }

    HazardPlan plan(long budget, long min) {
      if (plan == null || planBudget != budget || planMin != min) {
        plan = HazardPlan.of(sorted(), budget, min);
        planBudget = budget;
        planMin = min;
      }
      return plan;
    }
  }
}
