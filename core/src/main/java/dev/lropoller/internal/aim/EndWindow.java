package dev.lropoller.internal.aim;

/**
 * When the end is expected: between {@code earlyMillis} and {@code lateMillis} (epoch millis on
 * the clock the snapshots' times use), and what the expectation rests on.
 *
 * @param earlyMillis the earliest likely end
 * @param lateMillis the latest likely end, not before {@code earlyMillis}
 * @param fromProgress true when measured from the progress rate, false when taken from the
 *     history of earlier runs (or the user's seed)
 */
public record EndWindow(long earlyMillis, long lateMillis, boolean fromProgress) {
  /**
   * Checks the order of the bounds.
   *
   * @throws IllegalArgumentException if {@code lateMillis < earlyMillis}, quoting both
   */
  public EndWindow {
    if (lateMillis < earlyMillis) {
      throw new IllegalArgumentException(
          "lateMillis (" + lateMillis + ") is before earlyMillis (" + earlyMillis + ")");
    }
  }

  /**
   * The single estimated end reported to listeners: the middle of the window, never before
   * {@code nowMillis}.
   *
   * @param nowMillis the current time
   * @return the estimate in epoch millis
   */
  public long estimateAt(long nowMillis) {
    long mid = earlyMillis + (lateMillis - earlyMillis) / 2;
    return Math.max(mid, nowMillis);
  }
}
