package dev.lropoller.internal.aim;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The progress readings of one watch that matter for its rate: the anchor (the first reading, or
 * the first after progress fell far back) and the first reading of each higher value since (its
 * change points, the latest {@link #MAX_POINTS} kept). Readings whose time does not advance add
 * nothing. Used by one thread at a time.
 *
 * <p>The rate is measured up to the <i>first</i> reading of the latest value, not the latest
 * reading: while progress stands still the window stays where it was and passes, instead of
 * moving along with the clock. It is measured over the recent quarter of the progress seen (at
 * least {@link #MIN_SPAN} points), so that a run that slows down towards its end is estimated
 * from its recent pace. A small fall (at most {@link #MAX_NOISE} points) is taken as noise: the
 * reading is skipped and the fall widens the window's late end; a larger fall is a restarted
 * phase: the readings before it are dropped.
 */
public final class ProgressTrack {
  /** Change points kept. */
  static final int MAX_POINTS = 64;
  /** The fewest points the rate is measured over, against whole-percent rounding. */
  static final int MIN_SPAN = 4;
  /** The largest fall taken as noise. */
  static final int MAX_NOISE = 10;

  /** Anchor first, then the change points; each {@code {atMillis, percent}}. */
  private final ArrayDeque<long[]> points = new ArrayDeque<>();
  private long anchorAt;
  private int anchorPercent;
  private long lastAt;
  private int top;
  private int noise;

  /**
   * Adds a reading.
   *
   * @param atMillis when the service last updated the progress (its {@code updateTime})
   * @param percent the progress, 0 to 100
   */
  public void observe(long atMillis, int percent) {
    if (points.isEmpty() || percent < top - MAX_NOISE) {
      points.clear();
      points.add(new long[] {atMillis, percent});
      anchorAt = atMillis;
      anchorPercent = percent;
      lastAt = atMillis;
      top = percent;
      noise = 0;
      return;
    }
    if (atMillis <= lastAt) {
      return;
    }
    lastAt = atMillis;
    if (percent < top) {
      noise = Math.max(noise, top - percent);
      return;
    }
    if (percent > top) {
      top = percent;
      if (points.size() == MAX_POINTS) {
        // Keep the anchor: drop the oldest change point after it.
        long[] anchor = points.removeFirst();
        points.removeFirst();
        points.addFirst(anchor);
      }
      points.addLast(new long[] {atMillis, percent});
    }
  }

  /**
   * The window in which progress reaches 100 at the recent rate, or {@code null} before a rise
   * has been seen. Whole-percent readings may be short by up to one percent each, so the early
   * end assumes the rise was one percent more and the latest value one percent further, and the
   * late end assumes the rise was one percent less (at least half of it) plus the noise seen, at
   * the slower of the rates over the recent quarter and over the last {@link #MIN_SPAN} points.
   *
   * @return the window, or {@code null}
   */
  public EndWindow window() {
    if (points.size() < 2) {
      return null;
    }
    long[] last = points.peekLast();
    long[] quarter = base(last, Math.max(MIN_SPAN, (int) (last[1] - anchorPercent) / 4));
    long[] recent = base(last, MIN_SPAN);
    long early = last[0] + (long) (Math.max(0, 100 - last[1] - 1) / fastRate(quarter, last));
    // A run that slows down is late: the late end takes the slower of the two rates.
    double slow = Math.min(slowRate(quarter, last), slowRate(recent, last));
    long late = last[0] + (long) (Math.max(0, 100 - last[1] + noise) / slow);
    return new EndWindow(early, Math.max(early, late), true);
  }

  /** The latest point at least {@code span} below {@code last}, else the anchor. */
  private long[] base(long[] last, int span) {
    for (Iterator<long[]> it = points.descendingIterator(); it.hasNext(); ) {
      long[] p = it.next();
      if (p[1] <= last[1] - span) {
        return p;
      }
    }
    return new long[] {anchorAt, anchorPercent};
  }

  private static double fastRate(long[] from, long[] to) {
    return (to[1] - from[1] + 1) / (double) (to[0] - from[0]);
  }

  private static double slowRate(long[] from, long[] to) {
    double dp = to[1] - from[1];
    return Math.max(dp - 1, dp / 2) / (to[0] - from[0]);
  }
}
