package dev.lropoller.internal.engine;

/**
 * Counts loop starts within a window of one initial interval, to tell a mass resume after a
 * restart from normal traffic: the starts beyond {@link PollingEngine#RESUME_BURST} in one window
 * are in a burst. A window opens at the first start after the previous one has passed.
 */
final class StartBurst {
  private long windowStartNanos;
  private int starts;

  /**
   * Counts a start at {@code nowNanos} in a window of {@code windowNanos}.
   *
   * @return whether this start is beyond {@code limit} starts in its window
   */
  synchronized boolean beyond(int limit, long nowNanos, long windowNanos) {
    if (nowNanos - windowStartNanos >= windowNanos || starts == 0) {
      windowStartNanos = nowNanos;
      starts = 0;
    }
    return ++starts > limit;
  }
}
