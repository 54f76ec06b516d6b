package dev.lropoller.internal.aim;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The durations of finished runs one poller has seen, per kind and project and per kind over all
 * projects, in memory. Bounded: each key keeps its latest {@code size} durations, and at most
 * {@link #MAX_KEYS} keys are kept (the least recently used goes first). Thread-safe.
 */
public final class RunHistory {
  /** The most keys (kind, or kind and project) kept. */
  public static final int MAX_KEYS = 1024;
  /** Fewer durations than this for a key give no window. */
  public static final int MIN_RUNS = 5;

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
   * when the project has fewer than {@link #MIN_RUNS}; {@code null} when both have fewer.
   *
   * @param kind the kind key
   * @param project the project
   * @return {@code {p10, p90}} in millis, or {@code null}
   */
  public synchronized long[] range(String kind, String project) {
    Ring r = rings.get(kind + "|" + project);
    if (r == null || r.count < MIN_RUNS) {
      r = rings.get(kind + "|");
    }
    return r == null || r.count < MIN_RUNS ? null : r.range();
  }

  /** How many keys are kept; for tests of the bound. */
  public synchronized int keys() {
    return rings.size();
  }

  /** The latest durations of one key, oldest first. */
  private static final class Ring {
    final ArrayDeque<Long> values = new ArrayDeque<>();
    int count;

    void add(long v, int size) {
      values.addLast(v);
      while (values.size() > size) {
        values.removeFirst();
      }
      count = values.size();
    }

    long[] range() {
      long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
      return new long[] {sorted[(count - 1) / 10], sorted[(count - 1) * 9 / 10]};
    }
  }
}
